"""The shop's handler for `settings.PAYMENTS_HANDLERS["order"]` (see payments/types.py).

Each function is called inside the webhook's transaction and is idempotent.
"""

from payments.types import (
    CheckoutExpired,
    DisputeUpdated,
    InvoiceUpdated,
    PaymentFailed,
    PaymentSettled,
    RefundUpdated,
)
from shop import services
from shop.services import gift_checkout, gift_quotes


def payment_settled(event: PaymentSettled) -> None:
    services.order_mark_paid(event=event)
    gift_checkout.gift_order_settled(order_number=event.reference)  # a gift box order (card or invoice)


def payment_failed(event: PaymentFailed) -> None:
    if event.attempt_declined:
        return  # one declined card inside Checkout; the customer may still retry and pay
    services.order_mark_failed(event=event)


def checkout_expired(event: CheckoutExpired) -> None:
    services.order_checkout_expired(event=event)


def refund_updated(event: RefundUpdated) -> None:
    services.order_refund_updated(event=event)


def dispute_updated(event: DisputeUpdated) -> None:
    services.order_dispute_updated(event=event)


def invoice_updated(event: InvoiceUpdated) -> None:
    gift_quotes.gift_quote_invoice_updated(event=event)


class _Handler:
    """`handler` as an object, as settings name it; the functions above do the work."""

    payment_settled = staticmethod(payment_settled)
    payment_failed = staticmethod(payment_failed)
    checkout_expired = staticmethod(checkout_expired)
    refund_updated = staticmethod(refund_updated)
    dispute_updated = staticmethod(dispute_updated)
    invoice_updated = staticmethod(invoice_updated)


handler = _Handler()
