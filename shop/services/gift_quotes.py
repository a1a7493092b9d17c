"""Quotes: a customer asks, staff adjust the price and send a Stripe invoice with net terms.

Sending places the shop Order (stock reserved until the invoice lapses) and asks `payments` for
the invoice. `invoice.paid` fulfils through the shop's own `order_mark_paid`; overdue, voided and
uncollectible invoices move the quote, and the last two give the stock back.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import InvoiceState, InvoiceUpdated
from shop.errors import GiftError
from shop.models import GiftOrder, GiftQuote, GiftsSettings, OrderNote
from shop.models.orders import PAID_STATUSES

from .checkout import order_abandon
from .fulfilment import order_expire
from .gift_checkout import gift_order_place
from .gift_deposits import LAPSE_GRACE, deposit_amount, deposit_request, order_invoice_request
from .gift_orders import gift_price_checked

logger = logging.getLogger(__name__)


@transaction.atomic
def gift_quote_request(*, gift: GiftOrder, note: str = "") -> GiftQuote:
    gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
    if gift.status == GiftOrder.Status.QUOTE:
        return gift.quote
    if gift.status != GiftOrder.Status.DRAFT:
        raise GiftError("This order has already been placed.")
    if not (gift.email and gift.company):
        raise GiftError("Enter your company and email so we can send the quote.")
    if not gift.shipments.exists():
        raise GiftError("Add the recipients (or one delivery address) first.")
    gift_price_checked(gift=gift)
    gift.status = GiftOrder.Status.QUOTE
    gift.save(update_fields=["status", "updated_at"])
    return GiftQuote.objects.create(gift_order=gift, customer_note=(note or "").strip()[:2000])


def gift_quote_send_invoice(
    *, quote: GiftQuote, unit_price=None, days_until_due: int | None = None, deposit_percent=None, user=None
):
    """Reserve the stock and send the invoice (or, with `deposit_percent`, the deposit invoice: the
    balance invoice follows once it is paid); a Stripe failure gives the stock back and says so."""
    days = days_until_due or GiftsSettings.load().invoice_days_until_due
    with transaction.atomic():
        quote = GiftQuote.objects.select_for_update().select_related("gift_order__box").get(pk=quote.pk)
        if quote.status != GiftQuote.Status.REQUESTED:
            raise GiftError(
                f"This quote is {quote.get_status_display().lower()}; only a new request is invoiced."
            )
        gift = GiftOrder.objects.select_for_update().get(pk=quote.gift_order_id)
        if unit_price is not None:
            quote.unit_price_override = unit_price
        price = gift_price_checked(gift=gift, override=quote.unit_price_override)
        deposit = (
            deposit_amount(total=price.total, percent=Decimal(deposit_percent)) if deposit_percent else None
        )
        order = gift_order_place(
            gift=gift,
            reserved_until=timezone.now() + dt.timedelta(days=days) + LAPSE_GRACE,
            override=quote.unit_price_override,
        )
        gift.status = GiftOrder.Status.INVOICED
        gift.save(update_fields=["order", "status", "updated_at"])
        quote.save(update_fields=["unit_price_override", "unit_price_override_currency", "updated_at"])
    request = (
        deposit_request(
            quote=quote, order=order, gift=gift, amount=deposit, percent=Decimal(deposit_percent), days=days
        )
        if deposit
        else order_invoice_request(
            gift=gift,
            order=order,
            price=price,
            days=days,
            description=f"Gifts of Hope quote {quote.number}, order {order.number}",
            idempotency_key=f"gift-quote-{quote.number}-{order.number}",
        )
    )
    try:
        start = payment_services.invoice_create(request=request)
    except PaymentsError as error:
        with transaction.atomic():
            order_abandon(order=order)
            GiftOrder.objects.filter(pk=gift.pk).update(status=GiftOrder.Status.QUOTE, order=None)
        raise GiftError(error.user_message or "The invoice could not be sent.") from error
    with transaction.atomic():
        due = start.due_at or timezone.now() + dt.timedelta(days=days)
        if deposit:
            sent = {
                "deposit_percent": Decimal(deposit_percent),
                "deposit_invoice_id": start.invoice_id,
                "deposit_hosted_url": start.hosted_invoice_url[:500],
                "deposit_total": start.total.amount,
                "deposit_total_currency": str(start.total.currency),
            }
        else:
            sent = {
                "invoice_id": start.invoice_id,
                "hosted_invoice_url": start.hosted_invoice_url[:500],
                "invoice_total": start.total.amount,
                "invoice_total_currency": str(start.total.currency),
            }
        GiftQuote.objects.filter(pk=quote.pk).update(
            status=GiftQuote.Status.INVOICED, invoice_due_at=due, sent_at=timezone.now(), **sent
        )
        OrderNote.objects.create(
            order=order,
            author=user if user is not None and user.is_authenticated else None,
            body=f"{'Deposit invoice' if deposit else 'Invoice'} {start.invoice_id} sent for quote "
            f"{quote.number} ({start.total}), due in {days} days.",
        )
    quote.refresh_from_db()
    return quote


@transaction.atomic
def gift_quote_invoice_updated(*, event: InvoiceUpdated) -> GiftQuote | None:
    quote = (
        GiftQuote.objects.select_for_update()
        .select_related("gift_order__order")
        .filter(gift_order__order__number=event.reference)
        .first()
    )
    if quote is None:
        logger.warning("invoice update for %s, which has no quote", event.reference)
        return None
    order = quote.gift_order.order
    if order is None or order.status in PAID_STATUSES or quote.status == GiftQuote.Status.PAID:
        return quote  # a paid invoice is never moved back
    if event.state == InvoiceState.OVERDUE:
        if quote.status == GiftQuote.Status.INVOICED:
            quote.status = GiftQuote.Status.OVERDUE
            quote.save(update_fields=["status", "updated_at"])
        return quote
    quote.status = (
        GiftQuote.Status.VOID if event.state == InvoiceState.VOID else GiftQuote.Status.UNCOLLECTIBLE
    )
    quote.closed_at = event.occurred_at
    quote.save(update_fields=["status", "closed_at", "updated_at"])
    order_expire(order_number=order.number)  # the stock held for it goes back
    GiftOrder.objects.filter(pk=quote.gift_order_id).update(status=GiftOrder.Status.CANCELLED)
    OrderNote.objects.create(
        order=order, body=f"Invoice {event.ids.invoice_id} {event.state}: stock released."
    )
    return quote
