"""What a domain asks of a Stripe Checkout Session, and what it gets back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from djmoney.money import Money


class CheckoutMode(StrEnum):
    PAYMENT = "payment"
    SUBSCRIPTION = "subscription"


class Interval(StrEnum):
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, kw_only=True)
class LineItem:
    name: str
    unit_amount: Money
    quantity: int = 1
    description: str = ""
    tax_code: str = ""  # Stripe Tax product tax code, optional


@dataclass(frozen=True, kw_only=True)
class ShippingOption:
    label: str
    amount: Money
    min_days: int | None = None
    max_days: int | None = None


@dataclass(frozen=True, kw_only=True)
class Recurring:
    interval: Interval
    interval_count: int = 1  # quarterly = MONTH x 3


@dataclass(frozen=True, kw_only=True)
class CheckoutRequest:
    kind: str  # a key of settings.PAYMENTS_HANDLERS, e.g. "order", "donation"
    reference: str  # the domain object's public reference; metadata holds only kind + reference
    mode: CheckoutMode
    line_items: list[LineItem]
    success_url: str  # absolute; "{CHECKOUT_SESSION_ID}" is filled in by Stripe
    cancel_url: str
    customer_email: str = ""
    stripe_customer_id: str = ""
    shipping_countries: list[str] = field(default_factory=list)  # empty: no address collection
    shipping_options: list[ShippingOption] = field(default_factory=list)
    automatic_tax: bool = False
    allow_promotion_codes: bool = False
    recurring: Recurring | None = None  # required in subscription mode
    expires_at: dt.datetime | None = None  # Stripe allows 30 minutes to 24 hours
    idempotency_key: str = ""  # defaults to one derived from kind + reference


@dataclass(frozen=True, kw_only=True)
class CheckoutStart:
    session_id: str
    url: str  # where to send the customer: Stripe's hosted page or the demo pay page
    demo: bool = False
