"""Hand typed event values to the domain handler named for their kind in settings.PAYMENTS_HANDLERS."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from payments.types import (
    CheckoutExpired,
    DisputeUpdated,
    InvoiceUpdated,
    PaymentFailed,
    PaymentSettled,
    RefundUpdated,
    SubscriptionUpdated,
)

logger = logging.getLogger(__name__)

METHOD_FOR_VALUE = {
    PaymentSettled: "payment_settled",
    PaymentFailed: "payment_failed",
    CheckoutExpired: "checkout_expired",
    RefundUpdated: "refund_updated",
    DisputeUpdated: "dispute_updated",
    SubscriptionUpdated: "subscription_updated",
    InvoiceUpdated: "invoice_updated",
}


class UnknownKind(LookupError):
    """An event names a kind that no handler is configured for."""


def known_kinds() -> set[str]:
    return set(getattr(settings, "PAYMENTS_HANDLERS", {}) or {})


def handler_for(kind: str) -> Any:
    handlers = getattr(settings, "PAYMENTS_HANDLERS", {}) or {}
    if kind not in handlers:
        raise UnknownKind(kind)
    return import_string(handlers[kind])


def dispatch(value) -> bool:
    """Call the domain handler's method for `value`; False when that kind does not handle it."""
    method_name = METHOD_FOR_VALUE[type(value)]
    handler = handler_for(value.kind)
    method = getattr(handler, method_name, None)
    if method is None:
        logger.info("payments: %s has no %s handler; ignored", value.kind, method_name)
        return False
    method(value)
    return True
