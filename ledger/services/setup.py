"""The chart of accounts and allocation rule versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from djmoney.money import Money

from ..allocation import RuleSpec, Share, rule_errors
from ..chart_of_accounts import create_accounts, create_finance_group
from ..errors import LedgerError
from ..models import AllocationRule, AllocationShare, Fund


@transaction.atomic
def accounts_ensure() -> None:
    """Create any missing account of the chart and the Finance group (idempotent; the data
    migration does the same on a fresh database)."""
    create_accounts(Fund)
    create_finance_group(Group, Permission)


@dataclass(frozen=True, kw_only=True)
class ShareInput:
    fund: str
    basis: str = "percentage"
    percentage: Decimal | None = None
    amount: Money | None = None


@transaction.atomic
def allocation_rule_create(
    *,
    name: str,
    target: str,
    key: str,
    effective_from: dt.date,
    remainder_fund: str,
    shares: tuple[ShareInput, ...] = (),
    fee_fund: str | None = None,
    notes: str = "",
) -> AllocationRule:
    """A new rule version; refused with every problem spelled out when the shares are invalid.
    Versions are never edited once used, so this is also how a rule changes."""
    spec = RuleSpec(
        shares=tuple(
            Share(fund=share.fund, basis=share.basis, percentage=share.percentage, amount=share.amount)
            for share in shares
        ),
        remainder_fund=remainder_fund,
    )
    errors = rule_errors(spec)
    if errors:
        raise LedgerError(" ".join(errors))
    if AllocationRule.objects.filter(target=str(target), key=key, effective_from=effective_from).exists():
        raise LedgerError(f"A version of the {target} rule {key!r} already starts on {effective_from}.")
    funds = Fund.objects.in_bulk(
        {remainder_fund, *(s.fund for s in shares)} | ({fee_fund} if fee_fund else set()), field_name="slug"
    )
    missing = sorted({remainder_fund, *(s.fund for s in shares)} - set(funds))
    if missing or (fee_fund and fee_fund not in funds):
        raise LedgerError(f"Unknown funds: {', '.join(missing or [fee_fund])}.")
    rule = AllocationRule.objects.create(
        name=name,
        target=str(target),
        key=key,
        effective_from=effective_from,
        remainder_fund=funds[remainder_fund],
        fee_fund=funds[fee_fund] if fee_fund else None,
        notes=notes,
    )
    AllocationShare.objects.bulk_create(
        AllocationShare(
            rule=rule,
            fund=funds[share.fund],
            basis=share.basis,
            percentage=share.percentage,
            amount=share.amount,
            sort_order=index,
        )
        for index, share in enumerate(shares)
    )
    return rule
