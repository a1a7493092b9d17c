"""shop services: every write, keyword-only and atomic."""

from .cart import (
    SESSION_KEY,
    CartChange,
    cart_add,
    cart_add_for_session,
    cart_get_or_create,
    cart_merge_on_login,
    cart_remove,
    cart_set_gift,
    cart_update,
)
from .checkout import order_abandon, order_checkout_start, order_create_from_cart
from .disputes import order_dispute_updated
from .fulfilment import (
    order_checkout_expired,
    order_expire,
    order_mark_failed,
    order_mark_paid,
    orders_release_expired,
)
from .orders import order_cancel, order_note_add, order_ship
from .refund_status import order_refund_updated
from .refunds import order_refund
from .stock import order_release_stock, stock_return, stock_take

__all__ = [
    "SESSION_KEY",
    "CartChange",
    "cart_add",
    "cart_add_for_session",
    "cart_get_or_create",
    "cart_merge_on_login",
    "cart_remove",
    "cart_set_gift",
    "cart_update",
    "order_abandon",
    "order_cancel",
    "order_checkout_expired",
    "order_checkout_start",
    "order_create_from_cart",
    "order_dispute_updated",
    "order_expire",
    "order_mark_failed",
    "order_mark_paid",
    "order_note_add",
    "order_refund",
    "order_refund_updated",
    "order_release_stock",
    "order_ship",
    "orders_release_expired",
    "stock_return",
    "stock_take",
]
