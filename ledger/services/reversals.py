"""Refunds, disputes, their undoing, and fees not tied to revenue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from djmoney.money import Money

from .. import selectors
from ..allocation import AllocationError, to_minor
from ..errors import LedgerError
from ..legs import (
    FEES_LINE,
    OPERATIONS,
    PROCESSING_FEES,
    STRIPE_BALANCE,
    BookLeg,
    mirror_legs,
    reversal_legs,
)
from ..models import EntryRole, Posting
from ._write import PAYMENT, _existing, _write_posting


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
    occurred_at: dt.datetime,
    amount: Money | None = None,
    lines: Mapping[str, Money] | None = None,
    of_kind: str = PAYMENT,
    memo: str = "",
) -> Posting:
    """Give back part of posting (source, of_kind): the named source `lines` (a line refund: that
    line's own legs, pro rata for part of it; "shipping" for the shipping legs) and/or an `amount`
    spread over every line in proportion to what it still holds (a refund or dispute by amount).
    See legs.reversal_legs. Stripe keeps the processing fee on a refund, so fee legs stay.
    Idempotent on (source, kind); a reversal past what is left raises ReversalExceedsError.
    """
    existing = _existing(source, kind)
    if existing is not None:
        return existing
    original = _original(source, of_kind)
    currency = original.currency
    asked = [value for value in (amount, *(lines or {}).values()) if value is not None]
    if not asked:
        raise LedgerError("Say what to reverse: an amount or source lines.")
    if any(str(value.currency) != currency for value in asked):
        raise LedgerError(f"{source} was paid in {currency}; cannot reverse an amount in another currency.")
    try:
        units = sum(to_minor(value) for value in asked)
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if units <= 0 or any(value.amount < 0 for value in asked):
        raise LedgerError("A reversal amount must be more than zero.")

    # Lock the original so concurrent refunds of one source are checked one after the other.
    Posting.objects.select_for_update().filter(pk=original.pk).first()
    legs = reversal_legs(
        remaining=selectors.remaining_book_legs(posting=original),
        currency=currency,
        lines=lines,
        amount=amount,
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
    legs = mirror_legs(selectors.book_legs(posting=target))
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
        BookLeg(account=PROCESSING_FEES, fund=OPERATIONS, amount=amount, role=EntryRole.FEE, line=FEES_LINE),
        BookLeg(account=STRIPE_BALANCE, amount=-amount, role=EntryRole.FEE_PAID, line=FEES_LINE),
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
