"""ledger selectors: every non-trivial read.

Figures shown to people are positive "received" amounts: the books credit funds (negative
amounts, see models.py), so reads flip the sign.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from djmoney.money import Money

from . import cache as ledger_cache
from .allocation import RuleSpec, Share, allocate, currency_exponent, money_in
from .chart_of_accounts import DESIGNABLE_INCOME_ACCOUNTS
from .impact import units_of
from .legs import BookLeg, LineRule
from .models import (
    FUND_CREDIT_ROLES,
    REVERSIBLE_ROLES,
    AccountKind,
    AllocationRule,
    Entry,
    EntryRole,
    Fund,
    Posting,
    books_date,
    stored_total,
)
from .types import Channel, FundTotal, ImpactFigure, ImpactLine, RevenueLine, RuleTarget

PERIODS = ("day", "month", "year")
OPERATIONS = "operations"


def _rules_with_shares() -> QuerySet[AllocationRule]:
    return AllocationRule.objects.select_related("remainder_fund", "fee_fund").prefetch_related(
        "shares__fund"
    )


def rule_for(*, target: RuleTarget | str, key: str, on: dt.date, fallback_keys=()) -> AllocationRule | None:
    """The newest version effective on `on` for (target, key), else for each fallback in order."""
    for candidate_target, candidate_key in ((target, key), *fallback_keys):
        rule = (
            _rules_with_shares()
            .filter(target=str(candidate_target), key=str(candidate_key), effective_from__lte=on)
            .order_by("-effective_from", "-pk")
            .first()
        )
        if rule is not None:
            return rule
    return None


def rule_spec(rule: AllocationRule) -> RuleSpec:
    """A rule version as the plain values `allocation.allocate` takes."""
    shares = tuple(
        Share(fund=share.fund.slug, basis=share.basis, percentage=share.percentage, amount=share.amount)
        for share in rule.shares.all()
    )
    fee_fund = rule.fee_fund.slug if rule.fee_fund_id else OPERATIONS
    return RuleSpec(shares=shares, remainder_fund=rule.remainder_fund.slug, fee_fund=fee_fund)


def allocation_for_line(
    *, line: RevenueLine, channel: Channel | str, on: dt.date
) -> tuple[AllocationRule | None, RuleSpec]:
    """The rule a revenue line is split by: its own target, its fallbacks, a designated fund, the
    channel default, and if Finance has set up none of these, everything to operations."""
    rule = rule_for(target=line.target, key=line.key, on=on, fallback_keys=line.fallback_keys)
    if rule is not None:
        return rule, rule_spec(rule)
    if (
        str(line.target) == RuleTarget.DESIGNATION
        and Fund.objects.filter(
            Q(kind=AccountKind.FUND) | Q(slug__in=DESIGNABLE_INCOME_ACCOUNTS), slug=line.key
        ).exists()
    ):
        return None, RuleSpec(remainder_fund=line.key, fee_fund=OPERATIONS)
    rule = rule_for(target=RuleTarget.DEFAULT, key=str(channel), on=on)
    if rule is not None:
        return rule, rule_spec(rule)
    return None, RuleSpec(remainder_fund=OPERATIONS, fee_fund=OPERATIONS)


def line_rules(*, revenue: list[RevenueLine], channel: Channel | str, on: dt.date) -> list[LineRule]:
    """Each revenue line with the rule version in force for it on `on`."""
    resolved = []
    for line in revenue:
        rule, spec = allocation_for_line(line=line, channel=channel, on=on)
        resolved.append(LineRule(line=line, rule_id=rule.pk if rule else None, spec=spec))
    return resolved


def rule_is_in_use(*, rule: AllocationRule) -> bool:
    return Entry.objects.filter(rule=rule).exists()


def rule_usage_count(*, rule: AllocationRule) -> int:
    return Posting.objects.filter(entries__rule=rule).distinct().count()


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
    sums = (
        Entry.objects.filter(fund__in=funds, role__in=(*FUND_CREDIT_ROLES, EntryRole.FEE))
        .values("fund_id", "amount_currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    # Credits are negative and fees charged are positive debits: minus the sum is what the fund kept.
    net: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in sums:
        net[(row["fund_id"], row["amount_currency"])] -= stored_total(row["total"])
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

    One grouped query per local day over the (occurred_on, fund) index; days roll up into months
    and years here, which keeps the database free of per-row date arithmetic."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    if end < start:
        raise ValueError("The end date is before the start date.")
    entries = Entry.objects.filter(
        occurred_on__gte=start,
        occurred_on__lte=end,
        fund__isnull=False,
        role__in=(*FUND_CREDIT_ROLES, EntryRole.FEE),
    )
    if channel:
        entries = entries.filter(channel=str(channel))
    group = ["occurred_on", "fund_id", "amount_currency", "role"]
    if by_channel:
        group.append("channel")
    rows = entries.values(*group).annotate(total=Sum("amount")).order_by()
    received: dict[tuple, Decimal] = defaultdict(Decimal)
    fees: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in rows:
        key = (
            _period_start(row["occurred_on"], period),
            row["fund_id"],
            row.get("channel", ""),
            row["amount_currency"],
        )
        if row["role"] == EntryRole.FEE:
            fees[key] += stored_total(row["total"])
        else:
            received[key] -= stored_total(row["total"])
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


def postings_for_source(*, source: str) -> QuerySet[Posting]:
    """Every posting of a source (payment, refunds, disputes, fees), oldest first, with their legs."""
    return (
        Posting.objects.filter(source=source)
        .prefetch_related(Prefetch("entries", Entry.objects.select_related("account", "fund")), "tags")
        .order_by("occurred_at", "pk")
    )


def entries_remaining(*, posting: Posting) -> QuerySet:
    """Net reversible amount per leg of a posting after its reversals (and their mirrors)."""
    return (
        Entry.objects.filter(
            Q(posting=posting) | Q(posting__reverses=posting) | Q(posting__reverses__reverses=posting),
            role__in=REVERSIBLE_ROLES,
        )
        .values("line", "account_id", "fund_id", "role", "rule_id", "amount_currency")
        .annotate(total=Sum("amount"), first=Min("pk"))
        .order_by("first")
    )


def remaining_legs(*, posting: Posting) -> list[dict]:
    """`entries_remaining` with exact totals, zero rows left out."""
    rows = []
    for row in entries_remaining(posting=posting):
        total = stored_total(row["total"])
        if total:
            rows.append({**row, "total": total})
    return rows


def _book_leg(*, line, account, fund, role, rule_id, amount) -> BookLeg:
    return BookLeg(line=line, account=account, fund=fund, role=role, rule_id=rule_id, amount=amount)


def remaining_book_legs(*, posting: Posting) -> list[BookLeg]:
    """`remaining_legs` as BookLegs (account and fund by slug), in the order they were first booked."""
    rows = remaining_legs(posting=posting)
    slugs = dict(
        Fund.objects.filter(
            pk__in={r["account_id"] for r in rows} | {r["fund_id"] for r in rows}
        ).values_list("pk", "slug")
    )
    return [
        _book_leg(
            line=row["line"],
            account=slugs[row["account_id"]],
            fund=slugs.get(row["fund_id"]),
            role=row["role"],
            rule_id=row["rule_id"],
            amount=Money(row["total"], row["amount_currency"]),
        )
        for row in rows
    ]


def book_legs(*, posting: Posting) -> list[BookLeg]:
    """A posting's stored legs as BookLegs."""
    return [
        _book_leg(
            line=entry.line,
            account=entry.account.slug,
            fund=entry.fund.slug if entry.fund_id else None,
            role=entry.role,
            rule_id=entry.rule_id,
            amount=Money(stored_total(entry.amount.amount), str(entry.amount.currency)),
        )
        for entry in posting.entries.select_related("account", "fund").order_by("pk")
    ]


def posting_legs(*, posting: Posting) -> QuerySet[Entry]:
    return posting.entries.select_related("account", "fund", "rule").order_by("pk")


def fund_has_entries(*, fund: Fund) -> bool:
    return Entry.objects.filter(Q(account=fund) | Q(fund=fund)).exists()
