"""The demo gateway's Checkout: a local pay page standing in for Stripe's when no key is set.

Paying builds events shaped like Stripe's, signs them with a per-install demo secret and feeds
them to the same inbox and dispatch as real webhooks, so the domain cannot tell the difference.
It refuses to run unless DEBUG is on or PAYMENTS_DEMO is set (payments.client.require_demo_gateway).
"""

from __future__ import annotations

import hashlib
import json
import time
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from djmoney.money import Money

from core.money import to_minor_units
from payments import client as stripe_access
from payments.exceptions import PaymentsError
from payments.models import CheckoutLink, StripeEvent
from payments.services.events import Outcome, stripe_event_ingest
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart

DEMO_SHIPPING = {
    "name": "Demo Customer",
    "address": {
        "line1": "1 Demo Street",
        "line2": "",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
    },
}


def _suffix(value: str, length: int = 24) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:length]


def demo_session_object(link: CheckoutLink) -> dict:
    return dict(link.demo_state.get("session") or {})


def demo_session_create(*, request: CheckoutRequest, idempotency_key: str) -> CheckoutStart:
    session_id = f"cs_demo_{_suffix(idempotency_key, 40)}"
    url = reverse("payments:demo_pay", args=[session_id])
    currency = str(request.line_items[0].unit_amount.currency)
    subtotal = sum((item.unit_amount * item.quantity for item in request.line_items), Money(0, currency))
    metadata = {"kind": request.kind, "reference": request.reference}
    session = {
        "id": session_id,
        "object": "checkout.session",
        "mode": str(request.mode),
        "status": "open",
        "payment_status": "unpaid",
        "currency": currency.lower(),
        "amount_subtotal": to_minor_units(subtotal),
        "amount_total": to_minor_units(subtotal),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "shipping_cost": None,
        "customer": request.stripe_customer_id or None,
        "customer_email": request.customer_email or None,
        "customer_details": None,
        "metadata": metadata,
        "payment_intent": None,
        "subscription": None,
        "invoice": None,
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        "url": url,
        "created": int(time.time()),
        "livemode": False,
    }
    state = {
        "session": session,
        "line_items": [
            {"name": item.name, "quantity": item.quantity, "unit_amount": str(item.unit_amount.amount)}
            for item in request.line_items
        ],
        "shipping_options": [
            {"label": option.label, "amount": str(option.amount.amount)}
            for option in request.shipping_options
        ],
        "collect_shipping": bool(request.shipping_countries),
        "recurring": (
            {"interval": str(request.recurring.interval), "interval_count": request.recurring.interval_count}
            if request.recurring
            else None
        ),
        "refunds": {},
    }
    with transaction.atomic():
        CheckoutLink.objects.get_or_create(
            session_id=session_id,
            defaults={
                "kind": request.kind,
                "reference": request.reference,
                "mode": str(request.mode),
                "idempotency_key": idempotency_key,
                "demo": True,
                "demo_state": state,
            },
        )
    return CheckoutStart(session_id=session_id, url=url, demo=True)


def demo_event_send(*, event_type: str, obj: dict, event_id: str) -> Outcome:
    """Sign an event like Stripe does and run it through the webhook pipeline."""
    event = {
        "id": event_id,
        "object": "event",
        "api_version": settings.STRIPE_API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 0,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }
    payload = json.dumps(event)
    secret = stripe_access.demo_webhook_secret()
    signature = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return stripe_event_ingest(
        payload=payload.encode(), signature=signature, secret=secret, source=StripeEvent.Source.DEMO
    )


def demo_link(session_id: str) -> CheckoutLink:
    stripe_access.require_demo_gateway()
    return CheckoutLink.objects.get(session_id=session_id, demo=True)


def _subscription_object(link: CheckoutLink, session: dict, *, status: str = "active") -> dict:
    state = link.demo_state
    recurring = state.get("recurring") or {"interval": "month", "interval_count": 1}
    period_days = 31 * recurring["interval_count"] if recurring["interval"] == "month" else 365
    now = int(time.time())
    return {
        "id": session["subscription"],
        "object": "subscription",
        "status": status,
        "customer": session["customer"],
        "cancel_at_period_end": False,
        "currency": session["currency"],
        "metadata": session["metadata"],
        "items": {
            "object": "list",
            "data": [
                {
                    "object": "subscription_item",
                    "current_period_start": now,
                    "current_period_end": now + period_days * 86400,
                    "price": {
                        "unit_amount": state.get("subscription_amount", session["amount_total"]),
                        "currency": session["currency"],
                        "recurring": recurring,
                    },
                }
            ],
        },
        "created": now,
        "livemode": False,
    }


def demo_session_pay(*, session_id: str, shipping_option: int = 0) -> tuple[str, Outcome]:
    """Complete a demo session and deliver its events; returns (success URL, outcome)."""
    with transaction.atomic():
        link = CheckoutLink.objects.select_for_update().get(pk=demo_link(session_id).pk)
        state = link.demo_state
        session = state["session"]
        if session["status"] == "expired":
            raise PaymentsError(user_message="This checkout has expired. Please start again.")
        if session["status"] == "open":
            suffix = session_id.removeprefix("cs_demo_")[:24]
            currency = session["currency"].upper()
            options = state.get("shipping_options") or []
            shipping = 0
            if options:
                chosen = options[min(max(shipping_option, 0), len(options) - 1)]
                shipping = to_minor_units(Money(Decimal(chosen["amount"]), currency))
                session["shipping_cost"] = {
                    "amount_subtotal": shipping,
                    "amount_tax": 0,
                    "amount_total": shipping,
                    "shipping_rate": {"id": f"shr_demo_{suffix}", "display_name": chosen["label"]},
                }
                session["total_details"]["amount_shipping"] = shipping
            session["amount_total"] = session["amount_subtotal"] + shipping
            session["status"] = "complete"
            session["payment_status"] = "paid"
            session["customer_details"] = {
                "email": session.get("customer_email") or "",
                "name": "Demo Customer",
            }
            if state.get("collect_shipping"):
                session["collected_information"] = {"shipping_details": DEMO_SHIPPING}
            if session["mode"] == CheckoutMode.SUBSCRIPTION:
                session["subscription"] = f"sub_demo_{suffix}"
                session["customer"] = session.get("customer") or f"cus_demo_{suffix}"
                session["invoice"] = f"in_demo_{suffix}"
                state["subscription_amount"] = session["amount_total"]
            else:
                session["payment_intent"] = f"pi_demo_{suffix}"
            link.save(update_fields=["demo_state", "updated_at"])
    outcome = demo_event_send(
        event_type="checkout.session.completed", obj=session, event_id=f"evt_demo_{session_id}_completed"
    )
    if session["mode"] == CheckoutMode.SUBSCRIPTION and outcome != Outcome.FAILED:
        demo_event_send(
            event_type="customer.subscription.created",
            obj=_subscription_object(link, session),
            event_id=f"evt_demo_{session_id}_subscription",
        )
    return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id), outcome
