"""Hand typed values to the domain handler named for their kind in settings.PAYMENTS_HANDLERS.

Which method receives which value is declared where the value is made: each Stripe event type's
entry in `payments.services.event_types`, and `GIFT_LINE_METHODS` for the shop's gift lines.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class UnknownKind(LookupError):
    """A value names a kind that no handler is configured for (or a handler lacks a required method)."""


def known_kinds() -> set[str]:
    return set(settings.PAYMENTS_HANDLERS)


def handler_for(kind: str) -> Any:
    handlers = settings.PAYMENTS_HANDLERS
    if kind not in handlers:
        raise UnknownKind(kind)
    return import_string(handlers[kind])


def deliver(value, *, method: str, required: bool = False) -> bool:
    """Call `method` of the handler for `value.kind` with `value`.

    False when that handler has no such method (the value is ignored for that kind), unless
    `required`: then a missing method raises, so a hand-off that must not be lost fails loudly.
    """
    handler = handler_for(value.kind)
    receive = getattr(handler, method, None)
    if receive is None:
        if required:
            raise UnknownKind(f"the handler for {value.kind!r} has no {method}()")
        logger.info("payments: %s has no %s handler; ignored", value.kind, method)
        return False
    receive(value)
    return True
