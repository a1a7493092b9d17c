"""Which domain object (kind + reference) a Stripe object belongs to.

In order: the object's own metadata, the CheckoutLink rows we keep, then the metadata of the
PaymentIntent or Subscription fetched from Stripe. Objects with none of these are not ours.
"""

from __future__ import annotations

import logging

from payments.mapping.common import Target, invoice_subscription, link_target, object_id, target_from_metadata
from payments.mapping.reads import fetch_payment_intent, payment_intent_of_charge, stripe_read

logger = logging.getLogger("payments.mapping")


def _target_for_payment_intent(payment_intent_id: str) -> Target | None:
    if not payment_intent_id:
        return None
    target = link_target(payment_intent_id=payment_intent_id)
    if target:
        return target
    payment_intent = fetch_payment_intent(payment_intent_id)
    return target_from_metadata((payment_intent or {}).get("metadata"))


def _target_for_subscription(subscription_id: str) -> Target | None:
    if not subscription_id:
        return None
    target = link_target(subscription_id=subscription_id)
    if target:
        return target
    subscription = stripe_read(
        f"subscription:{subscription_id}", lambda c: c.v1.subscriptions.retrieve(subscription_id)
    )
    return target_from_metadata((subscription or {}).get("metadata"))


def session_target(session: dict) -> Target | None:
    return target_from_metadata(session.get("metadata")) or link_target(session_id=session.get("id"))


def invoice_target(invoice: dict) -> Target | None:
    subscription_id, subscription_metadata = invoice_subscription(invoice)
    return (
        target_from_metadata(subscription_metadata)
        or target_from_metadata(invoice.get("metadata"))
        or _target_for_subscription(subscription_id)
    )


def refund_target(refund: dict) -> Target | None:
    target = target_from_metadata(refund.get("metadata"))
    if target:
        return target
    payment_intent_id = object_id(refund.get("payment_intent")) or payment_intent_of_charge(
        object_id(refund.get("charge"))
    )
    return _target_for_payment_intent(payment_intent_id)


def dispute_target(dispute: dict) -> Target | None:
    target = target_from_metadata(dispute.get("metadata"))
    if target:
        return target
    payment_intent_id = object_id(dispute.get("payment_intent")) or payment_intent_of_charge(
        object_id(dispute.get("charge"))
    )
    return _target_for_payment_intent(payment_intent_id)
