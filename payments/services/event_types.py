"""The registry of Stripe event types this project handles: one entry per type, nothing elsewhere.

Each entry says, in one place:
- `subjects`: whose Stripe object(s) the event is about, as (target, object) pairs; a target is the
  domain object (kind + reference), and the object may be re-read from Stripe so that a late event
  cannot roll state back (payments/mapping/targets.py);
- `prefetch`: the Stripe reads to make before the database transaction opens (payments/mapping/prefetch.py);
- `value`: the typed value of payments/types/ it becomes, or None when there is nothing to hand
  over yet (payments/mapping/values.py and states.py), called as
  `value(obj, target=..., event_id=..., occurred_at=...)`;
- `method`: the method of the kind's handler (settings.PAYMENTS_HANDLERS) that receives the value;
- `hand_over`: how it gets there (a paid Checkout Session settles once per session).

`stripe_event_*` (services/events.py) only look the type up here; a type not listed is stored and
answered 200 as ignored, and `stripe_reconcile` lists exactly these types.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils import timezone

from payments import client as stripe_access
from payments import dispatch, mapping
from payments.mapping import prefetch as reads
from payments.mapping import states
from payments.mapping import targets as subjects
from payments.services.links import checkout_link_note_ids, invoice_link_note_ids, session_settle_once
from payments.types import DisputePhase, InvoiceState

logger = logging.getLogger("payments.webhooks")


@dataclass(frozen=True, kw_only=True)
class EventType:
    method: str
    subjects: Callable[[dict], subjects.Subjects]
    value: Callable[..., Any | None]
    prefetch: Callable[[dict], None] | None = None
    hand_over: Callable[..., bool] = dispatch.deliver


def owned_by(target_of: Callable[[dict], mapping.Target | None]) -> Callable[[dict], subjects.Subjects]:
    """Subjects of an event about its own object, owned by whatever `target_of` finds."""
    return lambda obj: [(target_of(obj), obj)]


def _noting_session_ids(value_of: Callable[..., Any]) -> Callable[..., Any]:
    """Every session event first records the ids Stripe assigned (payment intent, customer...)."""

    def value(session: dict, *, target: mapping.Target, **when):
        checkout_link_note_ids(session=session, target=target)
        return value_of(session, target=target, **when)

    return value


def _session_paid(session: dict, *, target: mapping.Target, event_id: str, occurred_at: dt.datetime):
    link = checkout_link_note_ids(session=session, target=target)
    if not mapping.session_is_paid(session):
        return None  # a delayed payment method: wait for async_payment_succeeded
    return mapping.payment_settled_from_session(
        session, target=target, event_id=event_id, occurred_at=occurred_at, demo=link.demo
    )


def _invoice_paid(invoice: dict, *, target: mapping.Target, event_id: str, occurred_at: dt.datetime):
    subscription_id, _ = mapping.invoice_subscription(invoice)
    if subscription_id and invoice.get("billing_reason") == "subscription_create":
        # The first payment of a subscription started in Checkout settles through its
        # checkout.session.completed (and the success page); booking it here too would double it.
        return None
    value = mapping.payment_settled_from_invoice(
        invoice, target=target, event_id=event_id, occurred_at=occurred_at
    )
    invoice_link_note_ids(invoice=invoice, value=value)
    return value


_SESSION = owned_by(mapping.session_target)
_INVOICE = owned_by(mapping.invoice_target)
_DISPUTE = owned_by(mapping.dispute_target)

_PAID_SESSION = EventType(
    method="payment_settled",
    subjects=_SESSION,
    value=_session_paid,
    prefetch=reads.paid_session_reads,
    hand_over=session_settle_once,
)
_SUBSCRIPTION = EventType(
    method="subscription_updated",
    subjects=subjects.subscription_subjects,
    value=states.subscription_updated,
    prefetch=mapping.fresh_subscription,
)
_REFUND = EventType(
    method="refund_updated",
    subjects=subjects.refund_subjects,
    value=mapping.refund_value,
    prefetch=reads.subject_reads(subjects.refund_subjects),
)


def _dispute(phase: DisputePhase) -> EventType:
    return EventType(
        method="dispute_updated",
        subjects=_DISPUTE,
        value=partial(states.dispute_updated, phase=phase),
        prefetch=reads.subject_reads(_DISPUTE),
    )


EVENT_TYPES: dict[str, EventType] = {
    "checkout.session.completed": _PAID_SESSION,
    "checkout.session.async_payment_succeeded": _PAID_SESSION,
    "checkout.session.async_payment_failed": EventType(
        method="payment_failed",
        subjects=_SESSION,
        value=_noting_session_ids(states.payment_failed_from_session),
    ),
    "checkout.session.expired": EventType(
        method="checkout_expired",
        subjects=_SESSION,
        value=_noting_session_ids(states.checkout_expired_from_session),
    ),
    # One declined card inside Checkout; metadata is set via payment_intent_data.metadata.
    "payment_intent.payment_failed": EventType(
        method="payment_failed", subjects=owned_by(subjects.metadata_target), value=states.attempt_declined
    ),
    "invoice.paid": EventType(
        method="payment_settled", subjects=_INVOICE, value=_invoice_paid, prefetch=reads.paid_invoice_reads
    ),
    "invoice.payment_failed": EventType(
        method="payment_failed",
        subjects=_INVOICE,
        value=states.payment_failed_from_invoice,
        prefetch=mapping.invoice_target,
    ),
    "invoice.overdue": EventType(
        method="invoice_updated",
        subjects=owned_by(mapping.invoice_target),
        value=partial(states.invoice_updated, state=InvoiceState.OVERDUE),
    ),
    "invoice.voided": EventType(
        method="invoice_updated",
        subjects=owned_by(mapping.invoice_target),
        value=partial(states.invoice_updated, state=InvoiceState.VOID),
    ),
    "invoice.marked_uncollectible": EventType(
        method="invoice_updated",
        subjects=owned_by(mapping.invoice_target),
        value=partial(states.invoice_updated, state=InvoiceState.UNCOLLECTIBLE),
    ),
    "customer.subscription.created": _SUBSCRIPTION,
    "customer.subscription.updated": _SUBSCRIPTION,
    "customer.subscription.deleted": EventType(
        method="subscription_updated",
        subjects=subjects.subscription_subjects,
        value=partial(states.subscription_updated, deleted=True),
        prefetch=mapping.fresh_subscription,
    ),
    "charge.refunded": EventType(
        method="refund_updated",
        subjects=subjects.charge_refund_subjects,
        value=mapping.refund_value,
        prefetch=reads.subject_reads(subjects.charge_refund_subjects),
    ),
    "refund.created": _REFUND,
    "refund.updated": _REFUND,
    "refund.failed": _REFUND,
    "charge.refund.updated": _REFUND,
    "charge.dispute.created": _dispute(DisputePhase.CREATED),
    "charge.dispute.funds_withdrawn": _dispute(DisputePhase.FUNDS_WITHDRAWN),
    "charge.dispute.funds_reinstated": _dispute(DisputePhase.FUNDS_REINSTATED),
    "charge.dispute.closed": _dispute(DisputePhase.CLOSED),
}
HANDLED_TYPES = frozenset(EVENT_TYPES)


def event_prefetch(event: dict) -> None:
    """Make the Stripe reads an event will need, before its database transaction opens.

    Best effort: anything that fails here is fetched again (and fails properly) inside.
    """
    entry = EVENT_TYPES.get(event.get("type"))
    if entry is None or entry.prefetch is None or not stripe_access.stripe_configured():
        return
    try:
        entry.prefetch((event.get("data") or {}).get("object") or {})
    except Exception:  # retried inside the transaction, where a failure is recorded on the event
        logger.info("payments: prefetch for %s failed; fetching again inside", event.get("id"))


def event_apply(event: dict) -> tuple[bool, mapping.Target | None]:
    """Map one event through its entry and hand the values over: (applied, target).

    applied False means nothing to do: a type not handled, an object not ours, or not paid yet.
    """
    entry = EVENT_TYPES.get(event["type"])
    if entry is None:
        return False, None
    when = {"event_id": event["id"], "occurred_at": mapping.timestamp(event.get("created")) or timezone.now()}
    applied, target = False, None
    for target, obj in entry.subjects(event["data"]["object"]):
        if not _ours(target):
            continue
        value = entry.value(obj, target=target, **when)
        if value is not None:
            applied = entry.hand_over(value, method=entry.method) or applied
    return applied, target


def session_settle(*, session: dict, target: mapping.Target, event_id: str, occurred_at: dt.datetime) -> bool:
    """The success page's way in: a paid session settles through checkout.session.completed's entry."""
    entry = EVENT_TYPES["checkout.session.completed"]
    value = entry.value(session, target=target, event_id=event_id, occurred_at=occurred_at)
    return value is not None and entry.hand_over(value, method=entry.method)


def _ours(target: mapping.Target | None) -> bool:
    if target is None:
        return False
    if target.kind not in dispatch.known_kinds():
        logger.warning(
            "payments: event names kind %r that no handler is configured for; ignored", target.kind
        )
        return False
    return True
