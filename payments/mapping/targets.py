"""Which domain object (kind + reference) a Stripe object belongs to.

In order: the object's own metadata, the CheckoutLink rows we keep, then the metadata of the
PaymentIntent or Subscription fetched from Stripe. Objects with none of these are not ours.
"""

from __future__ import annotations

import logging

from payments.mapping.common import Target, invoice_subscription, link_target, object_id, target_from_metadata
from payments.mapping.reads import (
    fetch_payment_intent,
    fresh_refund,
    fresh_subscription,
    payment_intent_of_charge,
    refunds_of_charge,
    stripe_read,
)

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


# --- Subjects: the (target, Stripe object) pairs an event is about --------------------------------

Subjects = list[tuple[Target | None, dict]]


def metadata_target(obj: dict) -> Target | None:
    return target_from_metadata(obj.get("metadata"))


def subscription_subjects(subscription: dict) -> Subjects:
    """The subscription as Stripe holds it now, so an older event arriving late cannot roll it back."""
    fresh = fresh_subscription(subscription)
    return [(metadata_target(fresh) or link_target(subscription_id=fresh.get("id")), fresh)]


def refund_subjects(refund: dict) -> Subjects:
    fresh = fresh_refund(refund)
    payment_intent = fresh.get("payment_intent") or refund.get("payment_intent")
    return [(refund_target({**fresh, "payment_intent": payment_intent}), fresh)]


def charge_refund_subjects(charge: dict) -> Subjects:
    """Every refund of a charge (charge.refunded), owned by the charge's metadata or each refund's payment."""
    charge_target = metadata_target(charge)
    return [
        (
            charge_target
            or refund_target(
                {**refund, "payment_intent": refund.get("payment_intent") or charge.get("payment_intent")}
            ),
            refund,
        )
        for refund in refunds_of_charge(charge)
    ]
