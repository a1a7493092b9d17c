"""The shop's handler for `settings.PAYMENTS_HANDLERS["order"]` (see payments/types/).

Each method is called inside the webhook's transaction and is idempotent.
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
from shop.services import gift_checkout, gift_deposits, gift_quotes


class OrderPayments:
    """`settings.PAYMENTS_HANDLERS["order"]` names `handler`, one of these."""

    @staticmethod
    def payment_settled(event: PaymentSettled) -> None:
        if gift_deposits.gift_quote_deposit_paid(event=event):
            return  # a quote's deposit: held until the balance is paid, which fulfils the order
        event = gift_deposits.with_deposit(event=event)
        services.order_mark_paid(event=event)
        gift_checkout.gift_order_settled(order_number=event.reference)  # a gift box order (card or invoice)

    @staticmethod
    def payment_failed(event: PaymentFailed) -> None:
        if event.attempt_declined:
            return  # one declined card inside Checkout; the customer may still retry and pay
        services.order_mark_failed(event=event)

    @staticmethod
    def checkout_expired(event: CheckoutExpired) -> None:
        services.order_checkout_expired(event=event)

    @staticmethod
    def refund_updated(event: RefundUpdated) -> None:
        services.order_refund_updated(event=event)

    @staticmethod
    def dispute_updated(event: DisputeUpdated) -> None:
        services.order_dispute_updated(event=event)

    @staticmethod
    def invoice_updated(event: InvoiceUpdated) -> None:
        gift_quotes.gift_quote_invoice_updated(event=event)


handler = OrderPayments()
