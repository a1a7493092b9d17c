"""A test-only domain handler for kind "test" (the `test_handler` fixture registers it).

Effects are written to a small table in the test database, so they commit or roll back with the
webhook's transaction exactly like a real domain write; `effects()` reads them back.
"""

from __future__ import annotations

import json
from collections import Counter

from django.db import connection

TABLE = "payments_test_effect"
_failures: Counter = Counter()


def ensure_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(method varchar(50), reference varchar(100), event_id varchar(255), detail text)"
        )
        cursor.execute(f"DELETE FROM {TABLE}")


def effects(method: str | None = None, reference: str | None = None) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT method, reference, event_id, detail FROM {TABLE}")
        rows = cursor.fetchall()
    found = [
        {"method": row[0], "reference": row[1], "event_id": row[2], **json.loads(row[3])} for row in rows
    ]
    return [
        effect
        for effect in found
        if (method is None or effect["method"] == method)
        and (reference is None or effect["reference"] == reference)
    ]


def fail_next(method: str, times: int = 1) -> None:
    """Make the next `times` calls of `method` raise, as a domain handler does when it cannot apply yet."""
    _failures[method] = times


def reset() -> None:
    _failures.clear()


def _record(method: str, value, **detail) -> None:
    if _failures[method] > 0:
        _failures[method] -= 1
        raise RuntimeError(f"test handler told to fail {method}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (method, reference, event_id, detail) VALUES (%s, %s, %s, %s)",
            [method, value.reference, value.ids.event_id, json.dumps(detail, default=str)],
        )


def _is_paid(reference: str) -> bool:
    return bool(effects("payment_settled", reference))


class Handler:
    def payment_settled(self, value):
        _record(
            "payment_settled",
            value,
            amount_total=str(value.amount_total.amount),
            currency=str(value.amount_total.currency),
            fee=str(value.fee.amount) if value.fee is not None else None,
            recurring=value.recurring,
            invoice_id=value.ids.invoice_id,
            subscription_id=value.ids.subscription_id,
            payment_intent_id=value.ids.payment_intent_id,
            customer_email=value.customer_email,
            shipping_option_label=value.shipping_option_label,
            shipping_address=value.shipping_address,
        )

    def payment_failed(self, value):
        _record(
            "payment_failed",
            value,
            reason=value.reason,
            hosted_invoice_url=value.hosted_invoice_url,
            attempt_declined=value.attempt_declined,
            payment_intent_id=value.ids.payment_intent_id,
        )

    def checkout_expired(self, value):
        _record("checkout_expired", value)

    def refund_updated(self, value):
        # Like a real domain: a refund of something not yet paid cannot be booked yet (retry later),
        # and the same refund in the same state is applied once.
        if not _is_paid(value.reference):
            raise LookupError(f"{value.reference} is not paid yet")
        seen = [e for e in effects("refund_updated", value.reference) if e["refund_id"] == value.refund_id]
        if seen and seen[-1]["status"] == str(value.status):
            return
        _record(
            "refund_updated",
            value,
            refund_id=value.refund_id,
            amount=str(value.amount.amount),
            status=str(value.status),
        )

    def dispute_updated(self, value):
        _record(
            "dispute_updated",
            value,
            dispute_id=value.dispute_id,
            phase=str(value.phase),
            amount=str(value.amount.amount),
            fee=str(value.fee.amount),
            status=value.status,
        )

    def subscription_updated(self, value):
        _record(
            "subscription_updated",
            value,
            status=value.status,
            deleted=value.deleted,
            cancel_at_period_end=value.cancel_at_period_end,
            current_period_end=value.current_period_end,
        )


handler = Handler()
