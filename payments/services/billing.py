"""Refunds, the Customer Portal and changes to subscriptions."""

from __future__ import annotations

import hashlib
import logging

import stripe
from django.db import transaction
from djmoney.money import Money

from core.money import from_minor_units, to_minor_units
from payments import client as stripe_access
from payments import selectors
from payments.exceptions import PaymentProviderUnavailable, PaymentsError, RefundError
from payments.models import CheckoutLink
from payments.services import demo
from payments.types import Interval, Recurring, RefundResult, RefundStatus

logger = logging.getLogger(__name__)

# Stripe accepts only these refund reasons; anything else stays in the domain's own records.
STRIPE_REFUND_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}


def _unavailable(exc: stripe.StripeError, action: str) -> PaymentsError:
    logger.warning("payments: Stripe refused to %s: %s (%s)", action, type(exc).__name__, exc.code or "")
    if isinstance(exc, (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)):
        return PaymentProviderUnavailable(f"Stripe unavailable during {action}")
    return PaymentsError(
        f"Stripe refused to {action}", user_message=exc.user_message or PaymentsError.user_message
    )


def _paid_link(kind: str, reference: str) -> CheckoutLink:
    link = selectors.checkout_link_for(kind=kind, reference=reference)
    if link is None or not (link.payment_intent_id or link.demo):
        raise RefundError(
            f"No card payment is recorded for {kind} {reference}",
            user_message="There is no card payment on record for this, so it cannot be refunded here.",
        )
    return link


def refund_create(
    *,
    kind: str,
    reference: str,
    amount: Money | None,
    idempotency_key: str,
    reason: str = "",
    payment_intent_id: str = "",
) -> RefundResult:
    """Refund all (amount=None) or part of a domain object's payment; safe to retry with the same key.

    The payment is the one its checkout recorded for kind + reference; pass `payment_intent_id`
    (PaymentSettled.ids.payment_intent_id) for payments that did not come from their own checkout,
    e.g. one instalment of a recurring gift. The refund's metadata names kind + reference either way.

    Not wrapped in a transaction of its own: no lock is held while Stripe answers. The domain's
    books follow from the refund events (RefundUpdated), in demo mode too.
    """
    if not idempotency_key:
        raise RefundError("refund_create needs an idempotency_key")
    if amount is not None and amount.amount <= 0:
        raise RefundError(user_message="A refund amount must be more than zero.")
    if payment_intent_id:
        link = CheckoutLink.objects.filter(payment_intent_id=payment_intent_id).first()
        if link is None and not stripe_access.stripe_configured():
            raise RefundError(
                f"No demo payment {payment_intent_id}", user_message="This payment cannot be refunded."
            )
    else:
        link = _paid_link(kind, reference)
    if link is not None and link.demo:
        with transaction.atomic():
            return demo.demo_refund_create(
                link=link, amount=amount, idempotency_key=idempotency_key, reason=reason
            )
    params: dict = {
        "payment_intent": payment_intent_id if link is None else link.payment_intent_id,
        "metadata": {"kind": kind, "reference": reference},
    }
    if amount is not None:
        params["amount"] = to_minor_units(amount)
    if reason in STRIPE_REFUND_REASONS:
        params["reason"] = reason
    try:
        refund = stripe_access.stripe_client().v1.refunds.create(
            params=params, options={"idempotency_key": f"refund-{kind}-{reference}-{idempotency_key}"[:255]}
        )
    except stripe.InvalidRequestError as exc:
        logger.warning("payments: refund refused for %s %s: %s", kind, reference, exc.code or "")
        raise RefundError(
            f"Stripe refused the refund: {exc.code}",
            user_message=exc.user_message or "Stripe refused this refund (is it more than what is left?).",
        ) from exc
    except stripe.StripeError as exc:
        raise _unavailable(exc, "refund") from exc
    try:
        status = RefundStatus(refund.status)
    except ValueError:
        status = RefundStatus.PENDING
    return RefundResult(
        refund_id=refund.id, status=status, amount=from_minor_units(refund.amount, refund.currency)
    )


def customer_portal_session_create(*, customer_id: str, return_url: str) -> str:
    """A Stripe Customer Portal URL where a donor updates their card or plan (demo: a local page)."""
    if not customer_id:
        raise PaymentsError("customer_portal_session_create needs a customer id")
    if not stripe_access.stripe_configured():
        return demo.demo_portal_url(customer_id=customer_id, return_url=return_url)
    try:
        session = stripe_access.stripe_client().v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url}
        )
    except stripe.StripeError as exc:
        raise _unavailable(exc, "open the customer portal") from exc
    return session.url


def subscription_update(*, subscription_id: str, amount: Money, recurring: Recurring) -> None:
    """Change a recurring gift's amount or interval from the next invoice on (no proration)."""
    if amount.amount <= 0:
        raise PaymentsError(user_message="The amount must be more than zero.")
    if not stripe_access.stripe_configured():
        with transaction.atomic():
            demo.demo_subscription_change(subscription_id=subscription_id, amount=amount, cancel=False)
        return
    client = stripe_access.stripe_client()
    try:
        subscription = client.v1.subscriptions.retrieve(subscription_id).to_dict()
        item = subscription["items"]["data"][0]
        price = item["price"]
        product = price["product"] if isinstance(price["product"], str) else price["product"]["id"]
        key_source = "|".join(
            str(part)
            for part in (
                subscription_id,
                to_minor_units(amount),
                amount.currency,
                recurring.interval,
                recurring.interval_count,
            )
        )
        client.v1.subscriptions.update(
            subscription_id,
            params={
                "items": [
                    {
                        "id": item["id"],
                        "price_data": {
                            "currency": str(amount.currency).lower(),
                            "product": product,
                            "unit_amount": to_minor_units(amount),
                            "recurring": {
                                "interval": str(Interval(recurring.interval)),
                                "interval_count": recurring.interval_count,
                            },
                        },
                    }
                ],
                "proration_behavior": "none",
            },
            options={
                "idempotency_key": "subscription-update-" + hashlib.sha256(key_source.encode()).hexdigest()
            },
        )
    except stripe.StripeError as exc:
        raise _unavailable(exc, "update the subscription") from exc


def subscription_cancel(*, subscription_id: str) -> None:
    """Stop a recurring gift now; Stripe's customer.subscription.deleted tells the domain."""
    if not stripe_access.stripe_configured():
        with transaction.atomic():
            demo.demo_subscription_change(subscription_id=subscription_id, amount=None, cancel=True)
        return
    try:
        stripe_access.stripe_client().v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            raise PaymentsError(f"No subscription {subscription_id}") from exc
        raise _unavailable(exc, "cancel the subscription") from exc
    except stripe.StripeError as exc:
        raise _unavailable(exc, "cancel the subscription") from exc
