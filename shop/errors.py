"""Errors the shop's services raise; each carries a message fit to show the customer or staff."""


class ShopError(Exception):
    """Base class: `str(error)` is a clear, user-facing message."""


class CartError(ShopError):
    pass


class OutOfStockError(ShopError):
    def __init__(self, message: str, *, sku: str = ""):
        super().__init__(message)
        self.sku = sku


class CheckoutError(ShopError):
    pass


class PaymentUnavailableError(CheckoutError):
    """Stripe did not answer in time (or at all): nothing was charged, the customer may simply retry."""


class OrderActionError(ShopError):
    pass


class GiftError(ShopError):
    """A gift box order cannot go ahead as asked (quantity, customisation, upload, recipients)."""
