"""Stock moves. Every decrement is a conditional UPDATE taken in ascending variant id order, so two carts
that share items lock rows in the same order and can never deadlock or oversell."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from core.page_cache import page_cache_clear_on_commit
from shop.errors import OutOfStockError
from shop.models import Order, ProductVariant
from shop.models.orders import StockState


def stock_take(*, wanted: Iterable[tuple[int, int]], titles: dict[int, str] | None = None) -> None:
    """Take `quantity` of each variant or nothing at all (the caller's transaction rolls back)."""
    for variant_id, quantity in sorted(wanted):
        taken = ProductVariant.objects.filter(pk=variant_id, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not taken:
            title = (titles or {}).get(variant_id, "An item in your cart")
            raise OutOfStockError(f"{title} does not have enough stock left.", sku=str(variant_id))
    page_cache_clear_on_commit()  # "only 2 left", "sold out" on cached pages


def stock_return(*, returned: Iterable[tuple[int, int]]) -> None:
    for variant_id, quantity in sorted(returned):
        if quantity > 0:
            ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)
    page_cache_clear_on_commit()


def order_stock_lines(order: Order) -> list[tuple[int, int]]:
    totals: dict[int, int] = {}
    for line in order.lines.all():
        if line.variant_id is not None:
            totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
    return sorted(totals.items())


@transaction.atomic
def order_release_stock(*, order: Order) -> bool:
    """Give an unpaid order's reserved stock back, once; True if this call released it."""
    released = Order.objects.filter(pk=order.pk, stock_state=StockState.RESERVED).update(
        stock_state=StockState.RELEASED
    )
    if released:
        stock_return(returned=order_stock_lines(order))
        order.stock_state = StockState.RELEASED
    return bool(released)


def variants_crossing_threshold(*, taken: Iterable[tuple[int, int]]) -> list[int]:
    """Variants that this take moved from above their low-stock threshold to at or below it."""
    taken = dict(taken)
    rows = ProductVariant.objects.filter(pk__in=list(taken), stock__lte=F("low_stock_threshold")).values_list(
        "pk", "stock", "low_stock_threshold"
    )
    return sorted(pk for pk, stock, threshold in rows if stock + taken[pk] > threshold)
