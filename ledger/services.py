"""ledger services: every write, keyword-only and atomic.

Postings are idempotent on (source, kind): a second call returns the first posting unchanged, also
when two processes race (the database constraint decides, the loser reads the winner's row).
Every posting's legs sum to zero per currency; the service checks the legs before writing and the
database totals before the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money

from . import selectors
from .allocation import AllocationError, allocate, from_minor, split_proportionally, to_minor
from .cache import impact_cache_clear
from .errors import LedgerError, ReversalExceedsError, UnbalancedPostingError
from .models import AllocationRule, Entry, EntryRole, Fund, Posting, PostingTag, books_date, stored_total
from .types import Channel, RevenueLine

STRIPE_BALANCE = "stripe-balance"
PROCESSING_FEES = "processing-fees"
SALES_TAX_PAYABLE = "sales-tax-payable"
SHIPPING_INCOME = "shipping-income"
OPERATIONS = "operations"
PAYMENT = "payment"


@dataclass(frozen=True, kw_only=True)
class _Leg:
    account: str
    amount: Money  # signed: debit positive, credit negative
    role: str
    fund: str | None = None
    rule: AllocationRule | None = None


def _existing(source: str, kind: str) -> Posting | None:
    return Posting.objects.filter(source=source, kind=kind).first()


def _merge(legs: list[_Leg]) -> list[_Leg]:
    """One leg per (account, fund, role, rule), zero legs dropped, first-seen order kept."""
    merged: dict[tuple, _Leg] = {}
    for leg in legs:
        key = (leg.account, leg.fund, leg.role, leg.rule.pk if leg.rule else None, str(leg.amount.currency))
        if key in merged:
            previous = merged[key]
            merged[key] = _Leg(
                account=leg.account,
                amount=previous.amount + leg.amount,
                role=leg.role,
                fund=leg.fund,
                rule=leg.rule,
            )
        else:
            merged[key] = leg
    return [leg for leg in merged.values() if leg.amount.amount != 0]


def _check_balanced(legs: list[_Leg]) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for leg in legs:
        totals[str(leg.amount.currency)] += leg.amount.amount
    unbalanced = {currency: total for currency, total in totals.items() if total != 0}
    if unbalanced:
        raise UnbalancedPostingError(f"Posting legs do not sum to zero: {unbalanced}")


def _write_posting(
    *,
    source: str,
    kind: str,
    occurred_at: dt.datetime,
    currency: str,
    channel: str,
    memo: str,
    legs: list[_Leg],
    tags: tuple[str, ...] = (),
    reverses: Posting | None = None,
    mirror: bool = False,
) -> Posting:
    if not source or len(source) > 200 or not kind or len(kind) > 100:
        raise LedgerError("A posting needs a source (at most 200 characters) and a kind (at most 100).")
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware.")
    legs = _merge(legs)
    if not legs:
        raise LedgerError(f"Nothing to post for {source} {kind}: every amount is zero.")
    _check_balanced(legs)
    slugs = {leg.account for leg in legs} | {leg.fund for leg in legs if leg.fund}
    accounts = Fund.objects.in_bulk(slugs, field_name="slug")
    missing = sorted(slugs - set(accounts))
    if missing:
        raise LedgerError(f"Unknown ledger accounts: {', '.join(missing)}.")
    try:
        # A savepoint, so that losing a race on (source, kind) leaves the caller's transaction usable.
        with transaction.atomic():
            posting = Posting(
                source=source,
                kind=kind,
                occurred_at=occurred_at,
                currency=currency,
                channel=channel,
                memo=memo[:255],
                reverses=reverses,
                mirror=mirror,
            )
            posting.save()
    except IntegrityError:
        existing = _existing(source, kind)
        if existing is None:
            raise
        return existing
    Entry.objects.bulk_create(
        Entry(
            posting=posting,
            account=accounts[leg.account],
            fund=accounts[leg.fund] if leg.fund else None,
            amount=leg.amount,
            role=leg.role,
            rule=leg.rule,
            occurred_at=occurred_at,
            occurred_on=books_date(occurred_at),
            channel=channel,
        )
        for leg in legs
    )
    PostingTag.objects.bulk_create(PostingTag(posting=posting, tag=tag[:100]) for tag in dict.fromkeys(tags))
    # The check before commit: what the database holds, not what we meant to write.
    stored = Entry.objects.filter(posting=posting).values("amount_currency").annotate(total=Sum("amount"))
    if any(stored_total(row["total"]) != 0 for row in stored):
        raise UnbalancedPostingError(f"Posting {source} {kind} does not balance in the database.")
    transaction.on_commit(impact_cache_clear)
    return posting


def _currency_of(money: Money | None) -> str | None:
    return str(money.currency) if money is not None else None


@transaction.atomic
def payment_post(
    *,
    source: str,
    occurred_at: dt.datetime,
    channel: Channel,
    revenue: list[RevenueLine],
    shipping: Money,
    tax: Money,
    fee: Money | None,
    fee_covered: Money | None = None,
    tags: tuple[str, ...] = (),
    memo: str = "",
) -> Posting:
    """Book a settled payment (kind "payment"); see the module docstring of models.py for the signs.

    Debit stripe-balance with the gross, credit each revenue line's funds by its rule, shipping to
    shipping-income and tax to sales-tax-payable. `fee_covered` (what the donor added for the fee,
    at most the revenue) is taken off the lines first and credited to the fund that bears the fee,
    so the designated fund receives the gift whole. The fee debits processing-fees, charged to each
    line's fee fund in proportion to the lines (operations by default).
    """
    existing = _existing(source, PAYMENT)
    if existing is not None:
        return existing
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware.")
    channel = Channel(channel)
    currencies = {_currency_of(line.amount) for line in revenue} | {_currency_of(shipping), _currency_of(tax)}
    currencies |= {_currency_of(fee), _currency_of(fee_covered)} - {None}
    if len(currencies) != 1:
        raise LedgerError(f"All amounts of a payment must be in one currency, got {sorted(currencies)}.")
    currency = currencies.pop()
    try:
        line_units = [to_minor(line.amount) for line in revenue]
        shipping_units, tax_units = to_minor(shipping), to_minor(tax)
        fee_units = to_minor(fee) if fee is not None else 0
        covered_units = to_minor(fee_covered) if fee_covered is not None else 0
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if min([*line_units, shipping_units, tax_units, fee_units, covered_units], default=0) < 0:
        raise LedgerError("Payment amounts cannot be negative; book refunds with reversal_post.")
    gross_units = sum(line_units) + shipping_units + tax_units
    if gross_units == 0:
        raise LedgerError(f"Payment {source} has no amount to book.")

    on = books_date(occurred_at)
    covered_units = min(covered_units, sum(line_units))
    if sum(line_units) == 0:
        line_units_for_fees = [1] + [0] * (len(line_units) - 1) if line_units else []
    else:
        line_units_for_fees = line_units
    covered_parts = split_proportionally(total=covered_units, weights=line_units) if line_units else []
    legs: list[_Leg] = [
        _Leg(account=STRIPE_BALANCE, amount=from_minor(gross_units, currency), role=EntryRole.GROSS)
    ]
    fee_funds: list[tuple[str, AllocationRule | None]] = []
    for line, line_total, covered in zip(revenue, line_units, covered_parts, strict=True):
        rule, spec = selectors.allocation_for_line(line=line, channel=channel, on=on)
        fee_funds.append((spec.fee_fund, rule))
        try:
            split = allocate(
                amount=from_minor(line_total - covered, currency),
                rule=spec,
                quantity=line.quantity,
                labour_minutes=line.labour_minutes,
            )
        except AllocationError as error:
            raise LedgerError(f"Cannot allocate {line.label or line.key}: {error}") from error
        legs += [
            _Leg(account=leg.account, fund=leg.account, amount=-leg.amount, role=EntryRole.REVENUE, rule=rule)
            for leg in split
        ]
        legs.append(
            _Leg(
                account=spec.fee_fund,
                fund=spec.fee_fund,
                amount=from_minor(-covered, currency),
                role=EntryRole.FEE_COVER,
                rule=rule,
            )
        )
    legs.append(
        _Leg(account=SHIPPING_INCOME, amount=from_minor(-shipping_units, currency), role=EntryRole.SHIPPING)
    )
    legs.append(_Leg(account=SALES_TAX_PAYABLE, amount=from_minor(-tax_units, currency), role=EntryRole.TAX))
    if fee_units:
        weights = line_units_for_fees or [1]
        charged_to = fee_funds or [(OPERATIONS, None)]
        for (fee_fund, rule), part in zip(
            charged_to, split_proportionally(total=fee_units, weights=weights), strict=True
        ):
            legs.append(
                _Leg(
                    account=PROCESSING_FEES,
                    fund=fee_fund,
                    amount=from_minor(part, currency),
                    role=EntryRole.FEE,
                    rule=rule,
                )
            )
        legs.append(
            _Leg(account=STRIPE_BALANCE, amount=from_minor(-fee_units, currency), role=EntryRole.FEE_PAID)
        )
    return _write_posting(
        source=source,
        kind=PAYMENT,
        occurred_at=occurred_at,
        currency=currency,
        channel=channel,
        memo=memo,
        legs=legs,
        tags=tags,
    )


def _original(source: str, kind: str) -> Posting:
    original = Posting.objects.filter(source=source, kind=kind).first()
    if original is None:
        raise LedgerError(f"There is no {kind!r} posting for {source!r} to reverse.")
    return original


def _tags_of(posting: Posting) -> tuple[str, ...]:
    return tuple(posting.tags.values_list("tag", flat=True))


@transaction.atomic
def reversal_post(
    *,
    source: str,
    kind: str,
    amount: Money,
    occurred_at: dt.datetime,
    of_kind: str = PAYMENT,
    memo: str = "",
) -> Posting:
    """Give back `amount` of the gross of posting (source, of_kind), split in its proportions.

    Each leg gives back its share of what it still holds (largest remainder over the remaining
    balances), so no account ever returns more than it received from this source; a reversal past
    what is left raises ReversalExceedsError. Stripe keeps the processing fee on a refund, so fee
    legs stay. Idempotent on (source, kind).
    """
    existing = _existing(source, kind)
    if existing is not None:
        return existing
    original = _original(source, of_kind)
    currency = original.currency
    if str(amount.currency) != currency:
        raise LedgerError(f"{source} was paid in {currency}; cannot reverse an amount in {amount.currency}.")
    try:
        units = to_minor(amount)
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if units <= 0:
        raise LedgerError("A reversal amount must be more than zero.")

    # Lock the original so concurrent refunds of one source are checked one after the other.
    Posting.objects.select_for_update().filter(pk=original.pk).first()
    remaining = [
        row for row in selectors.remaining_legs(posting=original) if row["amount_currency"] == currency
    ]
    debits = [row for row in remaining if row["total"] > 0]
    credits = [row for row in remaining if row["total"] < 0]
    left = sum(to_minor(Money(row["total"], currency)) for row in debits)
    if units > left:
        raise ReversalExceedsError(
            f"Cannot reverse {amount} of {source}: only {from_minor(left, currency)} is left to reverse."
        )
    slugs = Fund.objects.in_bulk(
        {row["account_id"] for row in remaining} | {row["fund_id"] for row in remaining} - {None}
    )
    rules = AllocationRule.objects.in_bulk({row["rule_id"] for row in remaining if row["rule_id"]})
    legs: list[_Leg] = []
    for rows, sign in ((debits, -1), (credits, 1)):
        weights = [abs(to_minor(Money(row["total"], currency))) for row in rows]
        for row, part in zip(rows, split_proportionally(total=units, weights=weights), strict=True):
            legs.append(
                _Leg(
                    account=slugs[row["account_id"]].slug,
                    fund=slugs[row["fund_id"]].slug if row["fund_id"] else None,
                    amount=from_minor(sign * part, currency),
                    role=row["role"],
                    rule=rules.get(row["rule_id"]),
                )
            )
    return _write_posting(
        source=source,
        kind=kind,
        occurred_at=occurred_at,
        currency=currency,
        channel=original.channel,
        memo=memo,
        legs=legs,
        tags=_tags_of(original),
        reverses=original,
    )


@transaction.atomic
def posting_reverse(
    *, source: str, kind: str, reverses_kind: str, occurred_at: dt.datetime, memo: str = ""
) -> Posting:
    """Post the exact mirror of posting (source, reverses_kind): a refund that failed after it was
    reported, dispute funds reinstated. A posting is mirrored at most once, and a payment that has
    refunds or disputes on it cannot be mirrored (reverse those first)."""
    existing = _existing(source, kind)
    if existing is not None:
        return existing
    target = _original(source, reverses_kind)
    Posting.objects.select_for_update().filter(pk=target.pk).first()
    mirrored_by = target.reversals.filter(mirror=True).first()
    if mirrored_by is not None:
        raise LedgerError(f"{source} {reverses_kind} is already reversed by {mirrored_by.kind}.")
    if target.reversals.exists():
        raise LedgerError(
            f"{source} {reverses_kind} has partial reversals; mirror those before mirroring the posting."
        )
    legs = [
        _Leg(
            account=entry.account.slug,
            fund=entry.fund.slug if entry.fund_id else None,
            amount=-entry.amount,
            role=entry.role,
            rule=entry.rule,
        )
        for entry in target.entries.select_related("account", "fund", "rule")
    ]
    return _write_posting(
        source=source,
        kind=kind,
        occurred_at=occurred_at,
        currency=target.currency,
        channel=target.channel,
        memo=memo,
        legs=legs,
        tags=_tags_of(target),
        reverses=target,
        mirror=True,
    )


@transaction.atomic
def fee_post(*, source: str, kind: str, amount: Money, occurred_at: dt.datetime, memo: str = "") -> Posting:
    """A Stripe charge not tied to revenue (a dispute fee): processing-fees debited, charged to
    operations, against stripe-balance."""
    existing = _existing(source, kind)
    if existing is not None:
        return existing
    try:
        units = to_minor(amount)
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if units <= 0:
        raise LedgerError("A fee must be more than zero.")
    payment = _existing(source, PAYMENT)
    legs = [
        _Leg(account=PROCESSING_FEES, fund=OPERATIONS, amount=amount, role=EntryRole.FEE),
        _Leg(account=STRIPE_BALANCE, amount=-amount, role=EntryRole.FEE_PAID),
    ]
    return _write_posting(
        source=source,
        kind=kind,
        occurred_at=occurred_at,
        currency=str(amount.currency),
        channel=payment.channel if payment else "",
        memo=memo,
        legs=legs,
        tags=_tags_of(payment) if payment else (),
    )


@transaction.atomic
def accounts_ensure() -> None:
    """Create any missing account of the chart and the Finance group (idempotent; the data
    migration does the same on a fresh database)."""
    from django.contrib.auth.models import Group, Permission

    from .chart_of_accounts import create_accounts, create_finance_group

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
    from .allocation import RuleSpec, Share, rule_errors
    from .models import AllocationShare

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
