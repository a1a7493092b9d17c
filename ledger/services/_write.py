"""Writing one posting: legs merged, checked, stored and checked again before commit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money

from ..balances import deltas_of
from ..cache import impact_cache_clear
from ..errors import LedgerError, UnbalancedPostingError
from ..legs import BookLeg, merge
from ..models import Entry, Fund, Posting, PostingTag, books_date, stored_total
from .balances import balances_add

PAYMENT = "payment"


def _existing(source: str, kind: str) -> Posting | None:
    return Posting.objects.filter(source=source, kind=kind).first()


def _check_balanced(legs: list[BookLeg]) -> None:
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
    legs: list[BookLeg],
    tags: tuple[str, ...] = (),
    reverses: Posting | None = None,
    mirror: bool = False,
) -> Posting:
    if not source or len(source) > 200 or not kind or len(kind) > 100:
        raise LedgerError("A posting needs a source (at most 200 characters) and a kind (at most 100).")
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware.")
    legs = merge(legs)
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
    entries = Entry.objects.bulk_create(
        Entry(
            posting=posting,
            account=accounts[leg.account],
            fund=accounts[leg.fund] if leg.fund else None,
            amount=leg.amount,
            role=leg.role,
            rule_id=leg.rule_id,
            line=leg.line[:100],
            occurred_at=occurred_at,
            occurred_on=books_date(occurred_at),
            channel=channel,
        )
        for leg in legs
    )
    # The running fund balances move in this same transaction: committed with the entries or not at all.
    balances_add(deltas_of(entries))
    PostingTag.objects.bulk_create(PostingTag(posting=posting, tag=tag[:100]) for tag in dict.fromkeys(tags))
    # The check before commit: what the database holds, not what we meant to write.
    stored = Entry.objects.filter(posting=posting).values("amount_currency").annotate(total=Sum("amount"))
    if any(stored_total(row["total"]) != 0 for row in stored):
        raise UnbalancedPostingError(f"Posting {source} {kind} does not balance in the database.")
    transaction.on_commit(impact_cache_clear)
    return posting


def _currency_of(money: Money | None) -> str | None:
    return str(money.currency) if money is not None else None
