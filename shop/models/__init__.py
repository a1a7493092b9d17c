"""Shop models: catalogue pages, makers, carts, orders and the shop's settings."""

from .cart import Cart, CartLine
from .catalogue import CategoryPage, ProductImage, ProductPage, ProductVariant, ShopIndexPage
from .makers import Maker, MakerQuerySet
from .orders import (
    Order,
    OrderDispute,
    OrderLine,
    OrderNote,
    OrderRefund,
    OrderRefundLine,
    Shipment,
)
from .settings import ShopSettings

__all__ = [
    "Cart",
    "CartLine",
    "CategoryPage",
    "Maker",
    "MakerQuerySet",
    "Order",
    "OrderDispute",
    "OrderLine",
    "OrderNote",
    "OrderRefund",
    "OrderRefundLine",
    "ProductImage",
    "ProductPage",
    "ProductVariant",
    "Shipment",
    "ShopIndexPage",
    "ShopSettings",
]
