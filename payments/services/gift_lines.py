"""A shop order's gift lines, handed to the kind that books gifts through PAYMENTS_HANDLERS."""

from __future__ import annotations

from payments import dispatch
from payments.types import GiftLinePaid, GiftLineRefunded

GIFT_LINE_METHODS = {GiftLinePaid: "gift_line_paid", GiftLineRefunded: "gift_line_refunded"}


def gift_line_hand_over(*, value: GiftLinePaid | GiftLineRefunded) -> None:
    """Deliver one gift line inside the caller's transaction; a handler without the method raises,
    so a paid gift is never dropped silently."""
    dispatch.deliver(value, method=GIFT_LINE_METHODS[type(value)], required=True)
