"""Shop models: catalogue pages, makers, carts, orders and the shop's settings."""

from .boxes import BoxChoice, BoxComponent, BoxPriceBand, BoxSize, GiftBoxPage, GiftsOfHopeIndexPage
from .cart import Cart, CartLine
from .catalogue import CategoryPage, ProductImage, ProductPage, ProductVariant, ShopIndexPage
from .gift_settings import GiftsSettings, PaletteColour
from .gifts import GiftOrder, GiftQuote, GiftShipment, LogoProof
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
    "BoxChoice",
    "BoxComponent",
    "BoxPriceBand",
    "BoxSize",
    "Cart",
    "CartLine",
    "CategoryPage",
    "GiftBoxPage",
    "GiftOrder",
    "GiftQuote",
    "GiftShipment",
    "GiftsOfHopeIndexPage",
    "GiftsSettings",
    "LogoProof",
    "Maker",
    "MakerQuerySet",
    "Order",
    "OrderDispute",
    "OrderLine",
    "OrderNote",
    "OrderRefund",
    "OrderRefundLine",
    "PaletteColour",
    "ProductImage",
    "ProductPage",
    "ProductVariant",
    "Shipment",
    "ShopIndexPage",
    "ShopSettings",
]
