"""Values that domain apps pass to the ledger's services. Amounts are always `Money`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from djmoney.money import Money


class Channel(StrEnum):
    SHOP = "shop"
    GIFT_BOXES = "gift_boxes"
    DONATIONS = "donations"
    SPONSORSHIPS = "sponsorships"
    EVENTS = "events"


class RuleTarget(StrEnum):
    """What an allocation rule applies to; `key` is the target's stable id as a string."""

    PRODUCT = "product"  # key: product page id
    CATEGORY = "category"  # key: category page id
    BOX = "box"  # key: gift box id
    DESIGNATION = "designation"  # key: fund slug, or "most-needed"
    DEFAULT = "default"  # key: channel value; used when nothing more specific exists


@dataclass(frozen=True, kw_only=True)
class Leg:
    """One entry of a posting: a signed amount to one account (fund slug)."""

    account: str
    amount: Money


@dataclass(frozen=True, kw_only=True)
class RevenueLine:
    """A piece of income to attribute: one order line, one gift.

    `target`/`key` choose the allocation rule (most specific first: product, then category, then
    the channel default). `quantity` and `labour_minutes` feed fixed-per-unit shares.
    """

    amount: Money
    target: RuleTarget
    key: str
    fallback_keys: tuple[tuple[RuleTarget, str], ...] = ()
    quantity: int = 1
    labour_minutes: Decimal = Decimal(0)
    label: str = ""
