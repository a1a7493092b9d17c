"""Staff actions on orders: ship, cancel an unpaid order, add a note."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shop import tasks
from shop.errors import OrderActionError
from shop.models import Order, OrderNote, Shipment
from shop.models.orders import OPEN_STATUSES, OrderStatus

from .stock import order_release_stock

SHIPPABLE = {OrderStatus.PAID, OrderStatus.SHIPPED}


@transaction.atomic
def order_ship(
    *, order: Order, carrier: str, tracking_number: str = "", tracking_url: str = "", user=None
) -> Shipment:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in SHIPPABLE:
        raise OrderActionError("Only paid orders can be shipped.")
    carrier = carrier.strip()
    if not carrier:
        raise OrderActionError("Enter the carrier.")
    now = timezone.now()
    shipment = Shipment.objects.create(
        order=order,
        carrier=carrier[:60],
        tracking_number=tracking_number.strip()[:100],
        tracking_url=tracking_url.strip(),
        shipped_at=now,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    order.status = OrderStatus.SHIPPED
    order.shipped_at = order.shipped_at or now
    order.save(update_fields=["status", "shipped_at"])
    tasks.enqueue_on_commit(tasks.send_order_shipped, order.pk, shipment.pk)
    return shipment


@transaction.atomic
def order_cancel(*, order: Order, reason: str = "", user=None) -> Order:
    """Cancel an order nobody has paid for, returning its stock. Paid orders are refunded instead."""
    order = Order.objects.select_for_update().prefetch_related("lines").get(pk=order.pk)
    if order.status not in OPEN_STATUSES:
        raise OrderActionError("Only unpaid orders can be cancelled; refund a paid order instead.")
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    order_release_stock(order=order)
    OrderNote.objects.create(
        order=order,
        author=user if user is not None and user.is_authenticated else None,
        body=f"Cancelled. {reason}".strip(),
    )
    return order


@transaction.atomic
def order_note_add(*, order: Order, body: str, user=None) -> OrderNote:
    body = body.strip()
    if not body:
        raise OrderActionError("Write a note first.")
    return OrderNote.objects.create(
        order=order, body=body[:4000], author=user if user is not None and user.is_authenticated else None
    )
