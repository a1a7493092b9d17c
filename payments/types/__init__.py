"""The small typed values that cross the payments boundary.

Domain apps (shop, donations) build `CheckoutRequest`s and receive the values below through the
handler named for their `kind` in `settings.PAYMENTS_HANDLERS`. No raw Stripe object ever leaves
`payments`; every amount is `Money`.

A handler is any object with some of these methods, each called inside the webhook's transaction
with one value; a missing method means that value is ignored for that kind. Which Stripe event
types reach which method is declared once, in payments/services/event_types.py:

    payment_settled(PaymentSettled)            payment_failed(PaymentFailed)
    checkout_expired(CheckoutExpired)          refund_updated(RefundUpdated)
    dispute_updated(DisputeUpdated)            subscription_updated(SubscriptionUpdated)
    invoice_updated(InvoiceUpdated)

and, not from Stripe but through the same map, a shop order's gift lines (services/gift_lines.py):
gift_line_paid(GiftLinePaid) and gift_line_refunded(GiftLineRefunded).

Handlers must be idempotent (the same value may arrive twice) and may raise to have the event
recorded as failed and retried.
"""

from .checkout import (
    CheckoutMode,
    CheckoutRequest,
    CheckoutStart,
    Interval,
    LineItem,
    Recurring,
    ShippingOption,
)
from .events import (
    CheckoutExpired,
    DisputePhase,
    DisputeUpdated,
    GiftLinePaid,
    GiftLineRefunded,
    PaymentFailed,
    PaymentSettled,
    RefundResult,
    RefundStatus,
    RefundUpdated,
    StripeIds,
    SubscriptionUpdated,
)
from .invoices import InvoiceRequest, InvoiceStart, InvoiceState, InvoiceUpdated

__all__ = [
    "CheckoutExpired",
    "CheckoutMode",
    "CheckoutRequest",
    "CheckoutStart",
    "DisputePhase",
    "DisputeUpdated",
    "GiftLinePaid",
    "GiftLineRefunded",
    "Interval",
    "InvoiceRequest",
    "InvoiceStart",
    "InvoiceState",
    "InvoiceUpdated",
    "LineItem",
    "PaymentFailed",
    "PaymentSettled",
    "Recurring",
    "RefundResult",
    "RefundStatus",
    "RefundUpdated",
    "ShippingOption",
    "StripeIds",
    "SubscriptionUpdated",
]
