"""Stripe reads an event type needs before its transaction opens (named by its registry entry).

Each read lands in the per-event cache of `reads`, so the transaction only reuses it.
"""

from __future__ import annotations

from collections.abc import Callable

from payments.mapping.common import invoice_payment_intent, object_id, session_is_paid
from payments.mapping.reads import invoice_fee, payment_intent_fee
from payments.mapping.targets import Subjects, invoice_target, session_target
from payments.mapping.values import shipping_option_label


def paid_session_reads(session: dict) -> None:
    """The fee (from the payment or the first invoice) and the shipping label of a paid session."""
    if not session_is_paid(session):
        return
    session_target(session)
    if session.get("payment_intent"):
        payment_intent_fee(object_id(session.get("payment_intent")))
    elif session.get("invoice"):
        invoice_fee(object_id(session.get("invoice")))
    shipping_option_label(session)


def paid_invoice_reads(invoice: dict) -> None:
    invoice_target(invoice)
    payment_intent = invoice_payment_intent(invoice)
    if payment_intent:
        payment_intent_fee(payment_intent)
    else:
        invoice_fee(invoice.get("id", ""))


def subject_reads(subjects: Callable[[dict], Subjects]) -> Callable[[dict], None]:
    """The reads that find an event's subjects (fresh objects, their targets), and nothing more."""

    def reads(obj: dict) -> None:
        subjects(obj)

    return reads
