"""The typed values for state changes (failed, expired, updated), built from Stripe objects (plain dicts).

Each takes the Stripe object and the same keywords (target, event_id, occurred_at), so an entry of the
event-type registry (payments/services/event_types.py) can name it directly.
"""

from __future__ import annotations

import datetime as dt

from payments.mapping.common import Target, invoice_subscription, object_id, stripe_amount
from payments.mapping.values import dispute_fee, subscription_current_period_end
from payments.types import (
    CheckoutExpired,
    DisputePhase,
    DisputeUpdated,
    InvoiceState,
    InvoiceUpdated,
    PaymentFailed,
    StripeIds,
    SubscriptionUpdated,
)


def session_ids(session: dict, *, event_id: str) -> StripeIds:
    return StripeIds(
        event_id=event_id,
        checkout_session_id=session.get("id") or "",
        payment_intent_id=object_id(session.get("payment_intent")),
        customer_id=object_id(session.get("customer")),
        subscription_id=object_id(session.get("subscription")),
    )


def payment_failed_from_session(
    session: dict, *, target: Target, event_id: str, occurred_at: dt.datetime
) -> PaymentFailed:
    return PaymentFailed(
        kind=target.kind,
        reference=target.reference,
        reason="async_payment_failed",
        occurred_at=occurred_at,
        ids=session_ids(session, event_id=event_id),
    )


def checkout_expired_from_session(
    session: dict, *, target: Target, event_id: str, occurred_at: dt.datetime
) -> CheckoutExpired:
    return CheckoutExpired(
        kind=target.kind,
        reference=target.reference,
        occurred_at=occurred_at,
        ids=session_ids(session, event_id=event_id),
    )


def payment_failed_from_invoice(
    invoice: dict, *, target: Target, event_id: str, occurred_at: dt.datetime
) -> PaymentFailed:
    error = invoice.get("last_finalization_error") or {}
    return PaymentFailed(
        kind=target.kind,
        reference=target.reference,
        reason=str(error.get("code") or "invoice_payment_failed"),
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            customer_id=object_id(invoice.get("customer")),
            subscription_id=invoice_subscription(invoice)[0],
            invoice_id=invoice.get("id") or "",
        ),
        hosted_invoice_url=invoice.get("hosted_invoice_url") or "",
    )


def invoice_updated(
    invoice: dict, *, target: Target, event_id: str, occurred_at: dt.datetime, state: InvoiceState
) -> InvoiceUpdated:
    return InvoiceUpdated(
        kind=target.kind,
        reference=target.reference,
        state=state,
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            customer_id=object_id(invoice.get("customer")),
            invoice_id=invoice.get("id") or "",
        ),
        hosted_invoice_url=invoice.get("hosted_invoice_url") or "",
    )


def attempt_declined(
    payment_intent: dict, *, target: Target, event_id: str, occurred_at: dt.datetime
) -> PaymentFailed:
    """One declined card inside Checkout (payment_intent.payment_failed); the session stays open."""
    error = payment_intent.get("last_payment_error") or {}
    return PaymentFailed(
        kind=target.kind,
        reference=target.reference,
        reason=str(error.get("decline_code") or error.get("code") or "payment_failed")[:100],
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            payment_intent_id=payment_intent.get("id") or "",
            customer_id=object_id(payment_intent.get("customer")),
        ),
        attempt_declined=True,
    )


def subscription_updated(
    subscription: dict, *, target: Target, event_id: str, occurred_at: dt.datetime, deleted: bool = False
) -> SubscriptionUpdated:
    status = str(subscription.get("status") or "")
    return SubscriptionUpdated(
        kind=target.kind,
        reference=target.reference,
        status=status,
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        current_period_end=subscription_current_period_end(subscription),
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            customer_id=object_id(subscription.get("customer")),
            subscription_id=subscription.get("id") or "",
        ),
        deleted=deleted or status in ("canceled", "incomplete_expired"),
    )


def dispute_updated(
    dispute: dict, *, target: Target, event_id: str, occurred_at: dt.datetime, phase: DisputePhase
) -> DisputeUpdated:
    return DisputeUpdated(
        kind=target.kind,
        reference=target.reference,
        dispute_id=dispute["id"],
        phase=phase,
        amount=stripe_amount(dispute.get("amount"), dispute.get("currency") or "usd"),
        fee=dispute_fee(dispute, phase),
        status=str(dispute.get("status") or ""),
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            payment_intent_id=object_id(dispute.get("payment_intent")),
            charge_id=object_id(dispute.get("charge")),
        ),
    )
