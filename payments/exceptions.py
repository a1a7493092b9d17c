"""Errors payments raises to its callers. `user_message` is safe to show a customer or staff member."""

from __future__ import annotations


class PaymentsError(Exception):
    user_message = "The payment service could not complete this request. Please try again in a few minutes."

    def __init__(self, message: str = "", *, user_message: str = ""):
        super().__init__(message or user_message or self.user_message)
        if user_message:
            self.user_message = user_message


class CheckoutError(PaymentsError):
    """The checkout request itself is invalid (mixed currencies, below Stripe's minimum...)."""


class RefundError(PaymentsError):
    """Stripe (or the demo gateway) refused the refund, or there is nothing to refund."""


class PaymentProviderUnavailable(PaymentsError):
    """Stripe could not be reached or answered with a server error; the caller may retry."""
