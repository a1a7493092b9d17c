"""Make the Stripe reads an event needs before its transaction opens."""

from __future__ import annotations

import logging

from payments import client as stripe_access
from payments.mapping.common import (
    DISPUTE_PHASES,
    HANDLED_TYPES,
    REFUND_EVENTS,
    SESSION_SETTLED,
    SUBSCRIPTION_EVENTS,
    invoice_payment_intent,
    object_id,
    session_is_paid,
)
from payments.mapping.reads import (
    fresh_refund,
    fresh_subscription,
    invoice_fee,
    payment_intent_fee,
    refunds_of_charge,
)
from payments.mapping.targets import dispute_target, invoice_target, refund_target, session_target
from payments.mapping.values import shipping_option_label

logger = logging.getLogger("payments.mapping")


def prefetch(event: dict) -> None:
    """Make the Stripe reads an event will need, before its database transaction opens.

    Best effort: anything that fails here is fetched again (and fails properly) inside.
    """
    event_type = event.get("type")
    obj = (event.get("data") or {}).get("object") or {}
    if event_type not in HANDLED_TYPES or not stripe_access.stripe_configured():
        return
    try:
        if event_type in SESSION_SETTLED and session_is_paid(obj):
            session_target(obj)
            if obj.get("payment_intent"):
                payment_intent_fee(object_id(obj.get("payment_intent")))
            elif obj.get("invoice"):
                invoice_fee(object_id(obj.get("invoice")))
            shipping_option_label(obj)
        elif event_type in ("invoice.paid", "invoice.payment_failed"):
            invoice_target(obj)
            if event_type == "invoice.paid":
                payment_intent = invoice_payment_intent(obj)
                if payment_intent:
                    payment_intent_fee(payment_intent)
                else:
                    invoice_fee(obj.get("id", ""))
        elif event_type in SUBSCRIPTION_EVENTS:
            fresh_subscription(obj)
        elif event_type == "charge.refunded":
            for refund in refunds_of_charge(obj):
                refund_target(
                    {**refund, "payment_intent": refund.get("payment_intent") or obj.get("payment_intent")}
                )
        elif event_type in REFUND_EVENTS:
            refund_target(fresh_refund(obj))
        elif event_type in DISPUTE_PHASES:
            dispute_target(obj)
    except Exception:  # retried inside the transaction, where a failure is recorded on the event
        logger.info("payments: prefetch for %s failed; fetching again inside", event.get("id"))
