"""Background work (django_tasks): emails after commit, and releasing lapsed stock reservations."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from core.mail import enqueue_on_commit as enqueue_on_commit  # shop services queue through tasks
from shop import emails, notifications
from shop.models import Order, ProductVariant


@task()
def send_order_confirmation(order_id: int) -> None:
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    if order.confirmation_sent_at is not None or not order.email:
        return
    emails.send_order_confirmation(order=order)
    Order.objects.filter(pk=order.pk).update(confirmation_sent_at=timezone.now())


@task()
def send_order_shipped(order_id: int, shipment_id: int) -> None:
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    if order.email:
        emails.send_order_shipped(order=order, shipment=order.shipments.get(pk=shipment_id))


@task()
def send_order_refunded(order_id: int, refund_id: int) -> None:
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    if order.email:
        emails.send_order_refunded(order=order, refund=order.refunds.get(pk=refund_id))


@task()
def send_low_stock_alert(variant_ids: list[int]) -> None:
    variants = list(
        ProductVariant.objects.select_related("product").filter(pk__in=variant_ids).order_by("pk")
    )
    notifications.send_low_stock_alert(variants=variants)


@task()
def shop_release_expired_reservations() -> int:
    # The services queue these tasks (they import this module); this task runs one of them.
    from shop.services.fulfilment import orders_release_expired

    return orders_release_expired(now=timezone.now())


@task()
def send_gift_quote_balance(quote_id: int) -> None:
    """After a quote's deposit is paid: its balance invoice (staff can resend from the quote)."""
    import logging

    from shop.errors import GiftError
    from shop.models import GiftQuote

    # Inside the task: the deposit service enqueues this task, so a module-level import would cycle.
    from shop.services.gift_deposits import gift_quote_send_balance

    quote = GiftQuote.objects.filter(pk=quote_id).first()
    if quote is None:
        return
    try:
        gift_quote_send_balance(quote=quote)
    except GiftError as error:
        logging.getLogger(__name__).warning("balance invoice for quote %s not sent: %s", quote.number, error)
