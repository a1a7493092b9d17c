"""Fund reports by period and channel."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from core.money import money_in

from ..balances import from_thousandths
from ..models import FUND_CREDIT_ROLES, EntryRole, Fund, FundDayBalance
from ..types import Channel, FundTotal
from .impact import _units

PERIODS = ("day", "month", "year")


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == "year":
        return day.replace(month=1, day=1)
    if period == "month":
        return day.replace(day=1)
    return day


def fund_totals(
    *,
    start: dt.date,
    end: dt.date,
    period: str,
    channel: Channel | str | None = None,
    by_channel: bool = False,
) -> list[FundTotal]:
    """Money booked to funds between two local dates (inclusive), per period and fund, and per
    channel when `by_channel`; positive figures, net of refunds and disputes.

    Read from the running balances (one row per local day, fund, role and channel, kept in step
    with the entries by every posting), never from the entries: a year over a million entries is a
    few thousand rows. Months roll up into years here."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    if end < start:
        raise ValueError("The end date is before the start date.")
    balances = FundDayBalance.objects.filter(
        occurred_on__gte=start, occurred_on__lte=end, role__in=(*FUND_CREDIT_ROLES, EntryRole.FEE)
    )
    if channel:
        balances = balances.filter(channel=str(channel))
    # Days for a daily report, months (one row per fund and month) for monthly and yearly ones.
    group = ["occurred_on" if period == "day" else "month", "fund_id", "currency", "role"]
    if by_channel:
        group.append("channel")
    rows = balances.values(*group).annotate(total=Sum("total_thousandths")).order_by()
    received: dict[tuple, Decimal] = defaultdict(Decimal)
    fees: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in rows:
        key = (
            _period_start(row[group[0]], period),
            row["fund_id"],
            row.get("channel", ""),
            row["currency"],
        )
        if row["role"] == EntryRole.FEE:
            fees[key] += from_thousandths(row["total"])
        else:
            received[key] -= from_thousandths(row["total"])
    funds = Fund.objects.in_bulk({key[1] for key in (*received, *fees)})
    result = []
    for key in sorted(
        {*received, *fees}, key=lambda k: (k[0], funds[k[1]].sort_order, funds[k[1]].name, k[2], k[3])
    ):
        period_start, fund_id, row_channel, currency = key
        fund = funds[fund_id]
        net = money_in(received[key] - fees[key], currency)
        result.append(
            FundTotal(
                period_start=period_start,
                fund_slug=fund.slug,
                fund_name=fund.name,
                channel=row_channel or (str(channel) if channel else ""),
                received=money_in(received[key], currency),
                fees=money_in(fees[key], currency),
                units=_units(net, fund),
                unit_label=fund.impact_unit_label,
            )
        )
    return result
