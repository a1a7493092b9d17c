"""Impact claims and the public fund figures: positive amounts a fund received, net of refunds and fees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone
from djmoney.money import Money

from core.money import currency_exponent, money_in

from .. import cache as ledger_cache
from ..allocation import allocate
from ..balances import from_thousandths
from ..impact import units_of
from ..models import (
    FUND_CREDIT_ROLES,
    AccountKind,
    Entry,
    EntryRole,
    Fund,
    FundDayBalance,
    books_date,
    stored_total,
)
from ..types import Channel, ImpactFigure, ImpactLine, RevenueLine, RuleTarget
from .rules import allocation_for_line


def _units(amount: Money, fund: Fund) -> Decimal | None:
    if not fund.has_impact_unit:
        return None
    return units_of(amount, fund.impact_unit_cost)


def _preview_channel(line: RevenueLine) -> str:
    if str(line.target) == RuleTarget.DEFAULT:
        return line.key
    if str(line.target) == RuleTarget.DESIGNATION:
        return Channel.DONATIONS
    if str(line.target) == RuleTarget.BOX:
        return Channel.GIFT_BOXES
    return Channel.SHOP


def impact_claim(
    *,
    revenue: list[RevenueLine] | None = None,
    source: str | None = None,
    sources: list[str] | tuple[str, ...] | None = None,
    tag: str | None = None,
    on: dt.date | None = None,
    channel: Channel | str | None = None,
    per: int = 1,
) -> list[ImpactLine]:
    """The one function behind every impact claim the site makes, one line per fund in fund order.

    - `revenue`: a preview (product page, cart, a gift before it is paid): the lines split by the
      rule versions in force on `on` (today), exactly as `payment_post` would book them, fees aside.
      The channel (for its default rule) is inferred from each line's target unless given.
    - `source` ("order:HW-...", a gift's source): what the ledger booked for it, net of refunds,
      disputes and the processing fees charged to each fund (as the public figures count it).
    - `sources`: the same, summed over several sources (a company's gift orders of a year).
    - `tag` ("circle:12"): the same, for every posting with the tag.
    - `per`: what each of that many equal parts funded (one box of an order of `per` boxes): each
      fund's amount divided before it becomes units, so a part never claims more than its share.
    `units` is rounded down to a tenth ("about 1.5 hours") and is None for funds without an impact unit.
    """
    if revenue is not None:
        amounts = _preview_amounts(revenue=revenue, on=on, channel=channel)
    elif source is not None:
        amounts = _booked_amounts(Q(posting__source=source))
    elif sources is not None:
        amounts = _booked_amounts(Q(posting__source__in=list(sources))) if sources else {}
    elif tag is not None:
        amounts = _booked_amounts(Q(posting__tags__tag=tag))
    else:
        raise ValueError("Say what to claim for: revenue, a source or a tag.")
    if per < 1:
        raise ValueError("`per` counts parts: 1 or more.")
    if per > 1:
        amounts = {key: _share_of(amount, per) for key, amount in amounts.items()}
    return _impact_lines(amounts)


def _share_of(amount: Money, per: int) -> Money:
    """One of `per` equal parts, rounded down to the currency's minor unit (a claim never rounds up)."""
    step = Decimal(1).scaleb(-currency_exponent(amount.currency))
    return Money((amount.amount / per).quantize(step, rounding=ROUND_DOWN), str(amount.currency))


def impact_preview(
    *, revenue: list[RevenueLine], on: dt.date | None = None, channel: Channel | str | None = None
) -> list[ImpactLine]:
    """`impact_claim` for revenue not booked yet (kept for callers that only preview)."""
    return impact_claim(revenue=revenue, on=on, channel=channel)


def _preview_amounts(
    *, revenue: list[RevenueLine], on: dt.date | None, channel
) -> dict[tuple[str, str], Money]:
    on = on or books_date(timezone.now())
    by_fund: dict[tuple[str, str], Money] = {}
    for line in revenue:
        line_channel = channel or _preview_channel(line)
        _rule, spec = allocation_for_line(line=line, channel=line_channel, on=on)
        for leg in allocate(
            amount=line.amount, rule=spec, quantity=line.quantity, labour_minutes=line.labour_minutes
        ):
            key = (leg.account, str(leg.amount.currency))
            by_fund[key] = by_fund[key] + leg.amount if key in by_fund else leg.amount
    return by_fund


def _booked_amounts(where: Q) -> dict[tuple[str, str], Money]:
    rows = (
        Entry.objects.filter(where, fund__isnull=False, role__in=(*FUND_CREDIT_ROLES, EntryRole.FEE))
        .values("fund__slug", "amount_currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    # Credits are negative and fees charged are positive debits: minus the sum is what the fund kept.
    return {
        (row["fund__slug"], row["amount_currency"]): money_in(
            -stored_total(row["total"]), row["amount_currency"]
        )
        for row in rows
    }


def _impact_lines(amounts: dict[tuple[str, str], Money]) -> list[ImpactLine]:
    funds = Fund.objects.filter(slug__in={slug for slug, _ in amounts}, kind=AccountKind.FUND).order_by(
        "sort_order", "name"
    )
    lines = []
    for fund in funds:
        for (slug, _currency), amount in sorted(amounts.items()):
            if slug == fund.slug and amount.amount > 0:
                lines.append(
                    ImpactLine(
                        fund_slug=fund.slug,
                        fund_name=fund.name,
                        amount=amount,
                        units=_units(amount, fund),
                        unit_label=fund.impact_unit_label,
                    )
                )
    return lines


def _fund_currency(fund: Fund) -> str:
    if fund.impact_unit_cost is not None:
        return str(fund.impact_unit_cost.currency)
    return settings.DEFAULT_CURRENCY


def _compute_impact_figures() -> list[ImpactFigure]:
    funds = list(Fund.objects.filter(kind=AccountKind.FUND, public=True).order_by("sort_order", "name"))
    # From the running balances (a few rows per fund and day), not a scan of every entry.
    sums = (
        FundDayBalance.objects.filter(fund__in=funds, role__in=(*FUND_CREDIT_ROLES, EntryRole.FEE))
        .values("fund_id", "currency")
        .annotate(total=Sum("total_thousandths"))
        .order_by()
    )
    # Credits are negative and fees charged are positive debits: minus the sum is what the fund kept.
    net: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in sums:
        net[(row["fund_id"], row["currency"])] -= from_thousandths(row["total"])
    figures = []
    for fund in funds:
        currency = _fund_currency(fund)
        total = money_in(net[(fund.pk, currency)], currency)
        figures.append(
            ImpactFigure(
                fund_slug=fund.slug,
                fund_name=fund.name,
                total=total,
                units=_units(total, fund),
                unit_label=fund.impact_unit_label,
                unit_cost=fund.impact_unit_cost,
            )
        )
    return figures


def impact_figures() -> list[ImpactFigure]:
    """Per public fund, in fund order: money settled to it, net of refunds, disputes and the fees
    charged to it, in the fund's currency. Cached; every posting and fund edit invalidates it."""
    figures = cache.get(ledger_cache.IMPACT_FIGURES_KEY)
    if figures is None:
        figures = _compute_impact_figures()
        cache.set(ledger_cache.IMPACT_FIGURES_KEY, figures, ledger_cache.impact_cache_seconds())
    return figures


def tag_total(*, tag: str, currency: str = "USD", exclude_covered_fees: bool = True) -> Money:
    """Net money booked to funds under a tag (campaign progress), net of reversals; processing fees
    are not subtracted (progress counts what donors gave) and covered fees are left out by default."""
    roles = (EntryRole.REVENUE,) if exclude_covered_fees else FUND_CREDIT_ROLES
    total = (
        Entry.objects.filter(posting__tags__tag=tag, role__in=roles, amount_currency=currency)
        .aggregate(total=Sum("amount"))
        .get("total")
    )
    return money_in(-stored_total(total), currency)
