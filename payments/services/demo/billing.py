"""The demo gateway's refunds, subscription changes and customer portal (see sessions.py)."""

from __future__ import annotations

import time

from django.core import signing
from django.db import transaction
from django.urls import reverse
from djmoney.money import Money

from core.money import from_minor_units, to_minor_units
from payments import client as stripe_access
from payments.exceptions import PaymentsError, RefundError
from payments.models import CheckoutLink
from payments.types import RefundResult, RefundStatus

from .sessions import _subscription_object, _suffix, demo_event_send

PORTAL_SALT = "payments.demo-portal"


def demo_refund_create(
    *, link: CheckoutLink, amount: Money | None, idempotency_key: str, reason: str = ""
) -> RefundResult:
    stripe_access.require_demo_gateway()
    link = CheckoutLink.objects.select_for_update().get(pk=link.pk)
    state = link.demo_state
    session = state["session"]
    currency = session["currency"].upper()
    refunds = state.setdefault("refunds", {})
    existing = refunds.get(idempotency_key)
    if existing is None:
        if session.get("payment_status") != "paid":
            raise RefundError(
                user_message="This payment has not been completed, so there is nothing to refund."
            )
        refunded = sum(refund["amount"] for refund in refunds.values())
        remaining = session["amount_total"] - refunded
        minor = remaining if amount is None else to_minor_units(amount)
        if amount is not None and str(amount.currency) != currency:
            raise RefundError(user_message=f"The refund must be in {currency}.")
        if minor <= 0 or minor > remaining:
            raise RefundError(
                user_message=f"The refund must be between 0 and {from_minor_units(remaining, currency)}."
            )
        existing = {"id": f"re_demo_{_suffix(idempotency_key)}", "amount": minor, "reason": reason[:100]}
        refunds[idempotency_key] = existing
        link.save(update_fields=["demo_state", "updated_at"])
        refund = {
            "id": existing["id"],
            "object": "refund",
            "amount": minor,
            "currency": session["currency"],
            "status": "succeeded",
            "payment_intent": session.get("payment_intent"),
            "charge": None,
            "metadata": dict(session["metadata"]),
            "reason": "requested_by_customer",
            "created": int(time.time()),
        }
        # Like a real webhook, the refund event reaches the domain after the caller's transaction.
        transaction.on_commit(
            lambda: demo_event_send(
                event_type="refund.created", obj=refund, event_id=f"evt_demo_{refund['id']}"
            )
        )
    return RefundResult(
        refund_id=existing["id"],
        status=RefundStatus.SUCCEEDED,
        amount=from_minor_units(existing["amount"], currency),
    )


def demo_subscription_change(*, subscription_id: str, amount: Money | None, cancel: bool) -> None:
    stripe_access.require_demo_gateway()
    link = CheckoutLink.objects.select_for_update().filter(subscription_id=subscription_id, demo=True).first()
    if link is None:
        raise PaymentsError(f"No demo subscription {subscription_id}")
    state = link.demo_state
    if amount is not None:
        state["subscription_amount"] = to_minor_units(amount)
    status = "canceled" if cancel else "active"
    state["subscription_status"] = status
    link.save(update_fields=["demo_state", "updated_at"])
    subscription = _subscription_object(link, state["session"], status=status)
    event_type = "customer.subscription.deleted" if cancel else "customer.subscription.updated"
    event_id = f"evt_demo_{subscription_id}_{event_type}_{int(time.time() * 1000)}"
    transaction.on_commit(lambda: demo_event_send(event_type=event_type, obj=subscription, event_id=event_id))


def demo_portal_url(*, customer_id: str, return_url: str) -> str:
    stripe_access.require_demo_gateway()
    token = signing.dumps({"customer": customer_id, "return_url": return_url}, salt=PORTAL_SALT)
    return reverse("payments:demo_portal", args=[token])


def demo_portal_read(token: str) -> dict:
    return signing.loads(token, salt=PORTAL_SALT, max_age=60 * 60)
