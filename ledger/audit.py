"""The ledger audit: recompute what every settled payment's legs should be and compare with the books.

For each source a domain reports (settings.LEDGER_AUDIT_SNAPSHOTS: an order's lines and totals, a
gift), the payment's legs are recomputed from that snapshot with the rule versions in force on the
payment's books date (legs.payment_legs, the function payment_post uses), then every reversal is
replayed in the order it was booked (legs.reversal_legs on what the source should still hold,
asked for what the domain's refund asked, or for what the reversal booked per line) and compared
leg by leg. A repair posting ("repair:N", see services.posting_repair) supersedes what came before
it: from there the books must hold exactly what they should.

Legs booked before lines were recorded (no line reference) are compared per account, fund and
role, summed over the lines. Postings no domain accounts for, and any posting or line whose legs
do not sum to zero, are differences too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.module_loading import import_string
from djmoney.money import Money

from . import selectors
from .errors import LedgerError
from .legs import BookLeg, mirror_legs, payment_legs, reversal_legs
from .models import REVERSIBLE_ROLES, Entry, Posting, books_date, stored_total
from .services.repairs import REPAIR_KIND_PREFIX
from .types import PaymentSnapshot, ReversalRequest

PAYMENT = "payment"
FEE_ROLES_KEPT = ("fee", "fee_paid")


@dataclass(frozen=True, kw_only=True)
class Difference:
    source: str
    kind: str
    problem: str = ""
    line: str = ""
    account: str = ""
    fund: str | None = None
    role: str = ""
    expected: Money | None = None
    booked: Money | None = None

    def __str__(self) -> str:
        if self.problem:
            return f"{self.source} {self.kind}: {self.problem}"
        where = f"line {self.line}" if self.line else "all lines"
        fund = f" (fund {self.fund})" if self.fund and self.fund != self.account else ""
        return (
            f"{self.source} {self.kind} {where}: {self.account}{fund} {self.role} "
            f"should be {self.expected.amount} {self.expected.currency}, booked {self.booked.amount}"
        )


@dataclass(kw_only=True)
class SourceAudit:
    source: str
    differences: list[Difference] = field(default_factory=list)
    payment: Posting | None = None
    should_hold: dict[tuple, Money] = field(default_factory=dict)  # reversible legs, as they should be
    holds: dict[tuple, Money] = field(default_factory=dict)  # reversible legs, as booked


def snapshots(*, since: dt.date | None = None) -> Iterator[PaymentSnapshot]:
    for path in settings.LEDGER_AUDIT_SNAPSHOTS:
        yield from import_string(path)(since=since)


def _add(totals: dict[tuple, Money], legs: Iterable[BookLeg], *, ignore_line: bool = False) -> dict:
    totals = dict(totals)
    for leg in legs:
        key = leg.key if not ignore_line else ("", *leg.key[1:])
        totals[key] = totals[key] + leg.amount if key in totals else leg.amount
    return totals


def _legs_of(totals: dict[tuple, Money]) -> list[BookLeg]:
    return [
        BookLeg(line=key[0], account=key[1], fund=key[2], role=key[3], rule_id=key[4], amount=amount)
        for key, amount in totals.items()
        if amount.amount != 0
    ]


def _reversible(legs: Iterable[BookLeg]) -> list[BookLeg]:
    return [leg for leg in legs if leg.role in REVERSIBLE_ROLES]


def _compare(source: str, kind: str, expected, booked, *, ignore_line: bool) -> list[Difference]:
    should = _add({}, expected, ignore_line=ignore_line)
    has = _add({}, booked, ignore_line=ignore_line)
    differences = []
    for key in dict.fromkeys([*should, *has]):
        currency = key[5]
        want = should.get(key, Money(0, currency))
        got = has.get(key, Money(0, currency))
        if want.amount != got.amount:
            differences.append(
                Difference(
                    source=source,
                    kind=kind,
                    line=key[0],
                    account=key[1],
                    fund=key[2],
                    role=key[3] + ("" if key[4] is None else f" by rule {key[4]}"),
                    expected=want,
                    booked=got,
                )
            )
    return differences


def _unlined(legs: list[BookLeg]) -> bool:
    return bool(legs) and all(not leg.line for leg in legs)


def expected_payment(
    snapshot: PaymentSnapshot, *, currency: str, on: dt.date, labour_counted_twice: bool = False
) -> list[BookLeg]:
    """The legs `snapshot` should have booked on `on`. `labour_counted_twice` recomputes them the
    way versions before the fix did (labour minutes multiplied by the quantity twice), so the
    repair command can tell a posting that bug inflated from one that is wrong for another reason."""
    revenue = list(snapshot.revenue)
    if labour_counted_twice:
        revenue = [replace(line, labour_minutes=line.labour_minutes * line.quantity) for line in revenue]
    return payment_legs(
        currency=currency,
        lines=selectors.line_rules(revenue=revenue, channel=snapshot.channel, on=on),
        shipping=snapshot.shipping,
        tax=snapshot.tax,
        fee=snapshot.fee,
        fee_covered=snapshot.fee_covered,
    )


def _request_booked(legs: list[BookLeg]) -> ReversalRequest:
    """What a reversal gave back per line, read from its stripe-balance (gross) legs."""
    lines: dict[str, Money] = {}
    for leg in legs:
        if leg.role == "gross":
            lines[leg.line] = lines[leg.line] - leg.amount if leg.line in lines else -leg.amount
    return ReversalRequest(lines=lines)


def audit_source(snapshot: PaymentSnapshot, *, labour_counted_twice: bool = False) -> SourceAudit:
    """Compare one source's postings with what its snapshot says they should be."""
    source = snapshot.source
    result = SourceAudit(source=source)
    payment = Posting.objects.filter(source=source, kind=PAYMENT).first()
    result.payment = payment
    if payment is None:
        result.differences.append(
            Difference(source=source, kind=PAYMENT, problem="settled, but no payment posting was booked")
        )
        return result
    currency = payment.currency
    try:
        expected = expected_payment(
            snapshot,
            currency=currency,
            on=books_date(payment.occurred_at),
            labour_counted_twice=labour_counted_twice,
        )
    except LedgerError as error:
        result.differences.append(
            Difference(source=source, kind=PAYMENT, problem=f"cannot recompute: {error}")
        )
        return result
    booked = selectors.book_legs(posting=payment)
    found = _compare(source, PAYMENT, expected, booked, ignore_line=_unlined(booked))
    kept_fee_differences = [d for d in found if d.role.split(" ")[0] in FEE_ROLES_KEPT]
    pending = list(found)
    should_hold = _add({}, _reversible(expected))
    holds = _add({}, _reversible(booked))
    expected_of = {payment.pk: expected}
    seen_kinds = set()
    reversals = Posting.objects.filter(Q(reverses=payment) | Q(reverses__reverses=payment)).order_by("pk")
    for posting in reversals:
        seen_kinds.add(posting.kind)
        legs = selectors.book_legs(posting=posting)
        if posting.kind.startswith(REPAIR_KIND_PREFIX):
            holds = _add(holds, legs)
            expected_of[posting.pk] = legs
            pending = kept_fee_differences + _compare(
                source, posting.kind, _legs_of(should_hold), _legs_of(holds), ignore_line=False
            )
            continue
        if posting.mirror:
            should = mirror_legs(expected_of.get(posting.reverses_id, legs))
        else:
            request = snapshot.reversals.get(posting.kind) or _request_booked(legs)
            try:
                should = reversal_legs(
                    remaining=_legs_of(should_hold),
                    currency=currency,
                    lines=request.lines,
                    amount=request.amount,
                )
            except LedgerError as error:
                pending.append(
                    Difference(source=source, kind=posting.kind, problem=f"cannot recompute: {error}")
                )
                should = legs
        pending += _compare(source, posting.kind, should, legs, ignore_line=_unlined(legs))
        expected_of[posting.pk] = should
        should_hold = _add(should_hold, should)
        holds = _add(holds, legs)
    for kind in snapshot.reversals:
        if kind not in seen_kinds:
            pending.append(
                Difference(source=source, kind=kind, problem="refunded, but no reversal was booked")
            )
    result.differences = pending
    result.should_hold = {key: amount for key, amount in should_hold.items() if amount.amount}
    result.holds = {key: amount for key, amount in holds.items() if amount.amount}
    return result


def _unbalanced(*, since: dt.date | None) -> list[Difference]:
    entries = Entry.objects.all()
    if since is not None:
        entries = entries.filter(occurred_on__gte=since)
    rows = (
        entries.values("posting__source", "posting__kind", "line", "amount_currency")
        .annotate(total=Sum("amount"))
        .order_by("posting__source", "posting__kind", "line")
    )
    return [
        Difference(
            source=row["posting__source"],
            kind=row["posting__kind"],
            problem=f"line {row['line'] or '(none)'} does not balance: its legs sum to "
            f"{stored_total(row['total'])} {row['amount_currency']}",
        )
        for row in rows
        if row["line"] and stored_total(row["total"]) != 0
    ] + [
        Difference(
            source=row["posting__source"], kind=row["posting__kind"], problem="legs do not sum to zero"
        )
        for row in entries.values("posting__source", "posting__kind", "amount_currency")
        .annotate(total=Sum("amount"))
        .order_by()
        if stored_total(row["total"]) != 0
    ]


def ledger_audit(*, since: dt.date | None = None) -> tuple[int, list[Difference]]:
    """Every source's differences, then postings no domain accounts for, then unbalanced postings.
    Returns (sources checked, differences)."""
    differences: list[Difference] = []
    known = set()
    for snapshot in snapshots(since=since):
        known.add(snapshot.source)
        differences += audit_source(snapshot).differences
    payments = Entry.objects.filter(posting__kind=PAYMENT)
    if since is not None:
        payments = payments.filter(occurred_on__gte=since)
    booked_sources = set(payments.values_list("posting__source", flat=True).distinct())
    for source in sorted(booked_sources - known):
        differences.append(
            Difference(source=source, kind=PAYMENT, problem="no order or gift on record for this posting")
        )
    differences += _unbalanced(since=since)
    return len(known), differences
