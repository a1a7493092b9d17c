"""The small readers every mapping step shares."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from djmoney.money import Money

from core.money import from_minor_units
from payments.models import CheckoutLink

logger = logging.getLogger("payments.mapping")


@dataclass(frozen=True)
class Target:
    kind: str
    reference: str


def timestamp(value: int | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def object_id(value) -> str:
    """Stripe fields hold either an id or an expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def target_from_metadata(metadata: dict | None) -> Target | None:
    metadata = metadata or {}
    kind, reference = metadata.get("kind"), metadata.get("reference")
    if kind and reference:
        return Target(str(kind), str(reference))
    return None


def link_target(**lookup) -> Target | None:
    lookup = {field: value for field, value in lookup.items() if value}
    if not lookup:
        return None
    for field, value in lookup.items():
        link = CheckoutLink.objects.filter(**{field: value}).order_by("-created_at").first()
        if link is not None:
            return Target(link.kind, link.reference)
    return None


def stripe_amount(value, currency: str) -> Money:
    return from_minor_units(int(value or 0), currency)


def sum_stripe_amounts(items, currency: str) -> Money:
    return stripe_amount(sum(int(item.get("amount") or 0) for item in items or []), currency)


def session_is_paid(session: dict) -> bool:
    return session.get("status") == "complete" and session.get("payment_status") in (
        "paid",
        "no_payment_required",
    )


def invoice_subscription(invoice: dict) -> tuple[str, dict]:
    """The subscription id and its metadata snapshot, where API 2025-03-31+ puts them (invoice.parent)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription_id = object_id(details.get("subscription")) or object_id(invoice.get("subscription"))
    return subscription_id, details.get("metadata") or {}


def invoice_payment_intent(invoice: dict) -> str:
    for payment in (invoice.get("payments") or {}).get("data") or []:
        payment_intent = object_id((payment.get("payment") or {}).get("payment_intent"))
        if payment_intent:
            return payment_intent
    return ""
