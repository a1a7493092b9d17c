"""Kept only for `donations/services/order_gifts.py`, which another change is restructuring: it imports
these two from here. Delete this module once it imports them from `.refunds` and `.confirmation`."""

from .confirmation import gift_settle
from .refunds import donation_refund_apply

__all__ = ["donation_refund_apply", "gift_settle"]
