"""Allocation rules in force: which version splits a line, and whether a version has been used."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from ..allocation import RuleSpec, Share
from ..chart_of_accounts import DESIGNABLE_INCOME_ACCOUNTS
from ..legs import LineRule
from ..models import AccountKind, AllocationRule, Entry, Fund, Posting
from ..types import Channel, RevenueLine, RuleTarget

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
