"""Invoices with net terms for corporate orders: the request, its start and its updates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from djmoney.money import Money

from .checkout import LineItem, ShippingOption
from .events import StripeIds

# --- Invoices (net terms for corporate orders) ------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InvoiceRequest:
    """A Stripe invoice the customer pays by bank transfer or card on Stripe's hosted page.

    metadata holds only kind + reference, as for Checkout; `invoice.paid` then reaches the domain as
    PaymentSettled through the same handler method as a paid Checkout Session.
    """

    kind: str
    reference: str
    customer_email: str
    customer_name: str = ""
    company: str = ""
    line_items: list[LineItem] = field(default_factory=list)
    shipping: ShippingOption | None = None
    days_until_due: int = 30
    description: str = ""
    idempotency_key: str = ""
    # A balance invoice: what an earlier (deposit) invoice already took, shown as a negative line.
    less_paid: Money | None = None
    less_paid_label: str = "Less deposit paid"


@dataclass(frozen=True, kw_only=True)
class InvoiceStart:
    invoice_id: str
    customer_id: str
    hosted_invoice_url: str
    total: Money
    due_at: dt.datetime | None


class InvoiceState(StrEnum):
    OVERDUE = "overdue"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"


@dataclass(frozen=True, kw_only=True)
class InvoiceUpdated:
    """A sent invoice went overdue, was voided or marked uncollectible (handler: `invoice_updated`)."""

    kind: str
    reference: str
    state: InvoiceState
    occurred_at: dt.datetime
    ids: StripeIds
    hosted_invoice_url: str = ""
