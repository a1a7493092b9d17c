"""What Stripe reported, as the values handlers receive (ids, settlements, refunds, disputes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from djmoney.money import Money


@dataclass(frozen=True, kw_only=True)
class StripeIds:
    event_id: str = ""
    checkout_session_id: str = ""
    payment_intent_id: str = ""
    charge_id: str = ""
    customer_id: str = ""
    subscription_id: str = ""
    invoice_id: str = ""


@dataclass(frozen=True, kw_only=True)
class PaymentSettled:
    """Money has arrived: a paid checkout session, an async success, or a paid invoice.

    Delivered once per Checkout Session, whether the webhook or the success page gets there first.
    In subscription mode the first payment comes from the session (recurring=False, with
    ids.subscription_id and ids.invoice_id); each later `invoice.paid` comes with recurring=True.
    """

    kind: str
    reference: str
    amount_total: Money
    amount_subtotal: Money
    amount_tax: Money
    amount_shipping: Money
    amount_discount: Money
    fee: Money | None  # from the balance transaction when Stripe reports it
    occurred_at: dt.datetime
    ids: StripeIds
    customer_email: str = ""
    customer_name: str = ""
    shipping_address: dict | None = None  # name, line1, line2, city, state, postal_code, country
    shipping_option_label: str = ""
    recurring: bool = False  # True for invoice.paid of a subscription


@dataclass(frozen=True, kw_only=True)
class PaymentFailed:
    """An async payment failed, a subscription invoice could not be charged, or (attempt_declined)
    one card attempt inside Checkout was declined.

    A declined attempt (`payment_intent.payment_failed`) is not the end of the order or gift: the
    customer may retry on the same Checkout page, so handlers must only count it (e.g. toward a
    card-testing alert) and leave the order or gift as it is. `reason` is Stripe's error code or
    decline code, never card data.
    """

    kind: str
    reference: str
    reason: str
    occurred_at: dt.datetime
    ids: StripeIds
    hosted_invoice_url: str = ""  # where a donor can pay or update the card, when Stripe gave one
    attempt_declined: bool = False  # True: one Checkout attempt was declined; the session is still open


@dataclass(frozen=True, kw_only=True)
class CheckoutExpired:
    kind: str
    reference: str
    occurred_at: dt.datetime
    ids: StripeIds


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


@dataclass(frozen=True, kw_only=True)
class RefundUpdated:
    """One refund's current state; delivered again whenever it changes (e.g. succeeded, then failed)."""

    kind: str
    reference: str
    refund_id: str
    amount: Money
    status: RefundStatus
    occurred_at: dt.datetime
    ids: StripeIds
    reason: str = ""


class DisputePhase(StrEnum):
    CREATED = "created"
    FUNDS_WITHDRAWN = "funds_withdrawn"
    FUNDS_REINSTATED = "funds_reinstated"
    CLOSED = "closed"


@dataclass(frozen=True, kw_only=True)
class DisputeUpdated:
    kind: str
    reference: str
    dispute_id: str
    phase: DisputePhase
    amount: Money  # the disputed amount
    fee: Money  # Stripe's dispute fee when funds were withdrawn, else zero
    status: str  # Stripe's dispute status, e.g. "won", "lost", "needs_response"
    occurred_at: dt.datetime
    ids: StripeIds


@dataclass(frozen=True, kw_only=True)
class SubscriptionUpdated:
    kind: str
    reference: str
    status: str  # Stripe's subscription status: active, past_due, canceled, ...
    cancel_at_period_end: bool
    current_period_end: dt.datetime | None
    occurred_at: dt.datetime
    ids: StripeIds
    deleted: bool = False


@dataclass(frozen=True, kw_only=True)
class RefundResult:
    refund_id: str
    status: RefundStatus
    amount: Money


# --- Gift lines: a donation paid inside a shop order -------------------------------------------


@dataclass(frozen=True, kw_only=True)
class GiftLinePaid:
    """A shop order with a gift line ("add $10 for counseling") was paid.

    The shop hands each gift line over (settings.SHOP_GIFT_LINE_KIND names the kind that books
    gifts) so it is booked to its fund and receipted as a gift, never as shop revenue. Delivered
    to `gift_line_paid`; idempotent by (order_reference, line_reference).
    """

    kind: str
    order_reference: str
    line_reference: str
    amount: Money
    occurred_at: dt.datetime
    designation: str = ""  # the fund slug the gift supports
    donor_email: str = ""
    donor_name: str = ""


@dataclass(frozen=True, kw_only=True)
class GiftLineRefunded:
    """Some or all of a paid gift line was refunded (delivered to `gift_line_refunded`).

    Without `refund_reference`, `amount` is the total refunded on that line so far (cumulative), so
    the same value twice changes nothing; with it (the Stripe refund id), `amount` is that refund's own.
    """

    kind: str
    order_reference: str
    line_reference: str
    amount: Money
    occurred_at: dt.datetime
    refund_reference: str = ""
