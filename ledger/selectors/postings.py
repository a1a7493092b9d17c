"""A posting's legs: as stored, and what its refunds and disputes have left of them."""

from __future__ import annotations

from django.db.models import Min, Prefetch, Q, QuerySet, Sum
from djmoney.money import Money

from ..legs import BookLeg
from ..models import REVERSIBLE_ROLES, Entry, Fund, Posting, stored_total


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
