"""What the shop stored about each paid order, for `ledger_audit` (settings.LEDGER_AUDIT_SNAPSHOTS):
the order lines as snapshotted at checkout, the totals Stripe reported, and what each refund asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from ledger.types import PaymentSnapshot, ReversalRequest
from shop.models import Order, OrderRefund
from shop.models.orders import PAID_STATUSES
from shop.services.fulfilment import goods_revenue, order_channel, order_goods_net
from shop.services.refund_amounts import refund_ledger_request


def payment_snapshots(*, since: dt.date | None = None) -> Iterator[PaymentSnapshot]:
    orders = Order.objects.filter(status__in=PAID_STATUSES).prefetch_related("lines", "refunds__lines__line")
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min), timezone.get_default_timezone())
        orders = orders.filter(paid_at__gte=start)
    for order in orders.order_by("paid_at", "pk"):
        goods_net = order_goods_net(order)
        if goods_net.amount <= 0 and order.shipping_total.amount <= 0 and order.tax_total.amount <= 0:
            continue  # nothing was booked for the shop (the gift, if any, is the donations' own)
        reversals = {
            f"refund:{refund.refund_id}": ReversalRequest(**refund_ledger_request(refund))
            for refund in order.refunds.all()
            if refund.status == OrderRefund.Status.SUCCEEDED
            and refund.refund_id
            and refund.goods_amount.amount > 0
        }
        yield PaymentSnapshot(
            source=order.ledger_source,
            channel=order_channel(order),
            revenue=tuple(goods_revenue(order=order, goods_net=goods_net)),
            shipping=order.shipping_total,
            tax=order.tax_total,
            fee=order.fee,
            reversals=reversals,
        )
