"""Values that domain apps pass to the ledger's services. Amounts are always `Money`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from djmoney.money import Money

from .impact import unit_phrase


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
    the channel default). `quantity` and `labour_minutes` (per unit: the allocation multiplies by
    the quantity, once) feed fixed-per-unit shares. `reference` names the source line; every leg
    booked for it carries it, so a refund of the line reverses exactly those legs.
    """

    amount: Money
    target: RuleTarget
    key: str
    fallback_keys: tuple[tuple[RuleTarget, str], ...] = ()
    quantity: int = 1
    labour_minutes: Decimal = Decimal(0)
    label: str = ""
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class ImpactLine:
    """What some revenue would fund, by the current rules ("about 1.5 hours of survivor wages")."""

    fund_slug: str
    fund_name: str
    amount: Money
    units: Decimal | None = None  # None when the fund has no impact unit (or another currency)
    unit_label: str = ""

    @property
    def phrase(self) -> str:
        """ "4.5 hours of survivor wages"; "" without an impact unit."""
        return unit_phrase(self.units, self.unit_label) if self.units is not None and self.unit_label else ""


@dataclass(frozen=True, kw_only=True)
class ImpactFigure:
    """A public fund's settled total, net of refunds, disputes and the fees charged to it."""

    fund_slug: str
    fund_name: str
    total: Money
    units: Decimal | None = None
    unit_label: str = ""
    unit_cost: Money | None = None

    @property
    def phrase(self) -> str:
        return unit_phrase(self.units, self.unit_label) if self.units is not None and self.unit_label else ""


@dataclass(frozen=True, kw_only=True)
class FundTotal:
    """One row of the fund report: money booked to a fund in a period (and channel), positive."""

    period_start: dt.date
    fund_slug: str
    fund_name: str
    channel: str
    received: Money  # revenue and covered fees, net of refunds and disputes
    fees: Money  # processing fees charged to the fund
    units: Decimal | None = None
    unit_label: str = ""

    @property
    def phrase(self) -> str:
        return unit_phrase(self.units, self.unit_label) if self.units is not None and self.unit_label else ""

    @property
    def net(self) -> Money:
        return self.received - self.fees


@dataclass(frozen=True, kw_only=True)
class ReversalRequest:
    """What a domain asked the ledger to give back: source lines (and amounts) and/or an amount."""

    lines: Mapping[str, Money] | None = None
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class PaymentSnapshot:
    """A settled payment as its domain stored it (order lines, totals, the gift), enough for
    `ledger_audit` to recompute the legs that should have been booked for `source`. `reversals`
    names, by posting kind, what the domain's own refunds asked for; reversals it does not name
    (disputes, refunds by amount) are checked against the amounts they booked."""

    source: str
    channel: Channel | str
    revenue: tuple[RevenueLine, ...]
    shipping: Money
    tax: Money
    fee: Money | None = None
    fee_covered: Money | None = None
    reversals: Mapping[str, ReversalRequest] = field(default_factory=dict)
