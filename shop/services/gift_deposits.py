"""Quote deposits: an invoice for part of the total first, the balance invoice once it is paid.

Paying the deposit fulfils nothing: the money is recorded on the quote (held, not booked: it is not
revenue until the order is fulfilled). Paying the balance fulfils the order through the shop's one
idempotent `order_mark_paid`, with the deposit added to what it books, so the ledger holds the
whole payment once. Both invoices carry the order's reference, so refunds and disputes of either
payment map back to the order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.money import quantize
from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import InvoiceRequest, LineItem, PaymentSettled, ShippingOption
from shop import tasks
from shop.errors import GiftError
from shop.models import GiftOrder, GiftQuote, GiftsSettings, Order, OrderNote

from .gift_checkout import price_line_items
from .gift_orders import gift_price_checked

logger = logging.getLogger(__name__)
LAPSE_GRACE = dt.timedelta(days=14)


def order_invoice_request(
    *, gift, order, price, days: int, description: str, idempotency_key: str, less_paid=None
) -> InvoiceRequest:
    """The invoice for a whole gift order (its lines and shipping), less what a deposit already paid."""
    return InvoiceRequest(
        kind="order",
        reference=order.number,
        customer_email=gift.email,
        customer_name=gift.contact_name,
        company=gift.company,
        line_items=price_line_items(gift=gift, price=price),
        shipping=ShippingOption(label=order.shipping_option[:100], amount=price.shipping_total),
        days_until_due=days,
        description=description,
        idempotency_key=idempotency_key,
        less_paid=less_paid,
    )


def deposit_amount(*, total, percent: Decimal):
    if not Decimal(1) <= percent <= Decimal(90):
        raise GiftError("A deposit is 1 to 90 % of the total.")
    return quantize(total * percent / Decimal(100))


def deposit_request(*, quote: GiftQuote, order: Order, gift: GiftOrder, amount, percent, days: int):
    shown = f"{percent.normalize():f}"
    return InvoiceRequest(
        kind="order",
        reference=order.number,
        customer_email=gift.email,
        customer_name=gift.contact_name,
        company=gift.company,
        line_items=[
            LineItem(name=f"Deposit ({shown} %) on Gifts of Hope quote {quote.number}", unit_amount=amount)
        ],
        days_until_due=days,
        description=f"Deposit for Gifts of Hope quote {quote.number}, order {order.number}; "
        "the balance invoice follows once it is paid.",
        idempotency_key=f"gift-quote-{quote.number}-{order.number}-deposit",
    )


@transaction.atomic
def gift_quote_deposit_paid(*, event: PaymentSettled) -> bool:
    """True when `event` is a quote's deposit invoice being paid (recorded once; nothing fulfilled)."""
    invoice_id = event.ids.invoice_id
    if not invoice_id:
        return False
    quote = GiftQuote.objects.select_for_update().filter(deposit_invoice_id=invoice_id).first()
    if quote is None:
        return False
    if quote.deposit_paid_at is not None:
        return True  # the same payment reported again
    quote.deposit_paid_at = event.occurred_at
    quote.deposit_paid = event.amount_total
    quote.deposit_fee = event.fee
    quote.deposit_payment_intent_id = event.ids.payment_intent_id[:255]
    quote.save()
    order = Order.objects.filter(number=event.reference).first()
    if order is not None:
        OrderNote.objects.create(
            order=order,
            body=f"Deposit of {event.amount_total} paid (invoice {invoice_id}); the balance invoice follows.",
        )
    tasks.enqueue_on_commit(tasks.send_gift_quote_balance, quote.pk)
    return True


def with_deposit(*, event: PaymentSettled) -> PaymentSettled:
    """A paid balance invoice as the whole payment: the deposit held on its quote added in."""
    if not event.ids.invoice_id:
        return event
    quote = GiftQuote.objects.filter(invoice_id=event.ids.invoice_id, deposit_paid_at__isnull=False).first()
    if quote is None or quote.deposit_paid is None:
        return event
    fee = event.fee
    if quote.deposit_fee is not None:
        fee = quote.deposit_fee if fee is None else fee + quote.deposit_fee
    return dataclasses.replace(
        event,
        amount_total=event.amount_total + quote.deposit_paid,
        amount_subtotal=event.amount_subtotal + quote.deposit_paid,
        fee=fee,
    )


def gift_quote_send_balance(*, quote: GiftQuote, user=None) -> GiftQuote:
    """Send the balance invoice of a quote whose deposit is paid (the task does it; staff may retry)."""
    with transaction.atomic():
        quote = (
            GiftQuote.objects.select_for_update(of=("self",))
            .select_related("gift_order__order")
            .get(pk=quote.pk)
        )
        if not quote.awaits_balance:
            return quote
        gift, order = quote.gift_order, quote.gift_order.order
        price = gift_price_checked(gift=gift, override=quote.unit_price_override)
        days = GiftsSettings.load().invoice_days_until_due
    request = order_invoice_request(
        gift=gift,
        order=order,
        price=price,
        days=days,
        description=f"Balance for Gifts of Hope quote {quote.number}, order {order.number}",
        idempotency_key=f"gift-quote-{quote.number}-{order.number}-balance",
        less_paid=quote.deposit_paid,
    )
    try:
        start = payment_services.invoice_create(request=request)
    except PaymentsError as error:
        OrderNote.objects.create(
            order=order, body="The balance invoice could not be sent; retry from the quote."
        )
        raise GiftError(error.user_message or "The balance invoice could not be sent.") from error
    due = start.due_at or timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        GiftQuote.objects.filter(pk=quote.pk).update(
            invoice_id=start.invoice_id,
            hosted_invoice_url=start.hosted_invoice_url[:500],
            invoice_due_at=due,
            invoice_total=start.total.amount,
            invoice_total_currency=str(start.total.currency),
        )
        Order.objects.filter(pk=order.pk).update(reserved_until=due + LAPSE_GRACE)
        OrderNote.objects.create(
            order=order,
            author=user if user is not None and user.is_authenticated else None,
            body=f"Balance invoice {start.invoice_id} sent for quote {quote.number} ({start.total}).",
        )
    quote.refresh_from_db()
    return quote
