"""Order reads for the status page, emails and the admin."""

from __future__ import annotations

import re

from django.db.models import F, Prefetch

from ledger import selectors as ledger_selectors
from shop.models import Order, OrderRefund, ProductVariant

ORDER_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def order_by_token(*, token: str) -> Order | None:
    """The order a public link names; None for anything that is not a token we could have issued."""
    if not isinstance(token, str) or not ORDER_TOKEN.fullmatch(token):
        return None
    return (
        Order.objects.filter(token=token)
        .prefetch_related(
            "lines", "shipments", Prefetch("refunds", queryset=OrderRefund.objects.order_by("pk"))
        )
        .first()
    )


def order_detail(*, pk: int) -> Order:
    return Order.objects.prefetch_related(
        "lines", "shipments", "notes__author", "refunds__lines", "disputes"
    ).get(pk=pk)


def order_ledger_postings(*, order: Order):
    return ledger_selectors.postings_for_source(source=order.ledger_source)


def orders_for_export(queryset):
    return queryset.prefetch_related("lines")


def orders_paid_today():
    """Orders paid today in the organisation's timezone, newest first (the admin dashboard)."""
    from core.admin_views import today_range

    start, end = today_range()
    return Order.objects.filter(paid_at__gte=start, paid_at__lt=end).order_by("-paid_at")


def variants_low_stock():
    """Active variants at or under their low-stock threshold, what runs out first first."""
    return (
        ProductVariant.objects.filter(is_active=True, stock__lte=F("low_stock_threshold"))
        .select_related("product")
        .order_by("stock", "sku")
    )


def order_refund_for_request(*, order: Order, request_id: str) -> OrderRefund | None:
    """The refund an earlier submit of the same admin form made, if any."""
    if not re.fullmatch(r"[0-9a-f]{32}", request_id or ""):
        return None
    key = OrderRefund.key_for_request(order_number=order.number, request_id=request_id)
    return OrderRefund.objects.filter(order=order, idempotency_key=key).first()
