"""Refunds, disputes, their undoing, and fees not tied to revenue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from djmoney.money import Money

from .. import selectors
from ..allocation import AllocationError, from_minor, split_proportionally, to_minor
from ..errors import LedgerError, ReversalExceedsError
from ..models import AllocationRule, EntryRole, Fund, Posting
from ._write import (
    OPERATIONS,
    PAYMENT,
    PROCESSING_FEES,
    STRIPE_BALANCE,
    _existing,
    _Leg,
    _write_posting,
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
