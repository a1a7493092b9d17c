"""The legs of a posting, as pure functions: what a payment books and what a reversal gives back.

No database: the services resolve rules and read balances, these functions decide the legs, and
`ledger_audit` calls the same functions on a source's stored snapshot to check what was booked.

Every source line balances on its own. A revenue line debits `stripe-balance` with what it took in
and credits its funds (and the fee it covered), all on the line's reference; its share of the
processing fee is a debit to `processing-fees` and a credit to `stripe-balance` on the same line.
Shipping and tax are lines of their own ("shipping", "tax"). So reversing one line's legs never
touches another line, and a posting's legs sum to zero because each line's do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from djmoney.money import Money

from core.money import from_iso_minor_units as from_minor

from .allocation import AllocationError, RuleSpec, allocate, split_proportionally, to_minor
from .errors import LedgerError, ReversalExceedsError
from .models import EntryRole
from .types import RevenueLine

STRIPE_BALANCE = "stripe-balance"
PROCESSING_FEES = "processing-fees"
SALES_TAX_PAYABLE = "sales-tax-payable"
SHIPPING_INCOME = "shipping-income"
OPERATIONS = "operations"
SHIPPING_LINE = "shipping"
TAX_LINE = "tax"
FEES_LINE = "fees"  # a fee on a payment with no revenue line (shipping or tax only)


@dataclass(frozen=True, kw_only=True)
class BookLeg:
    """One leg before it is stored: signed amount (debit positive), its role, the fund whose money
    it moves, the rule version that decided it and the source line it belongs to."""

    account: str
    amount: Money
    role: str
    fund: str | None = None
    rule_id: int | None = None
    line: str = ""

    @property
    def key(self) -> tuple:
        return (self.line, self.account, self.fund, self.role, self.rule_id, str(self.amount.currency))


@dataclass(frozen=True, kw_only=True)
class LineRule:
    """A revenue line with the rule version resolved for it."""

    line: RevenueLine
    rule_id: int | None
    spec: RuleSpec


def line_reference(line: RevenueLine, index: int) -> str:
    return line.reference or f"line-{index + 1}"


def merge(legs: Sequence[BookLeg]) -> list[BookLeg]:
    """One leg per (line, account, fund, role, rule, currency), zero legs dropped, first-seen order."""
    merged: dict[tuple, BookLeg] = {}
    for leg in legs:
        previous = merged.get(leg.key)
        merged[leg.key] = leg if previous is None else replace(previous, amount=previous.amount + leg.amount)
    return [leg for leg in merged.values() if leg.amount.amount != 0]


def payment_legs(
    *,
    currency: str,
    lines: Sequence[LineRule],
    shipping: Money,
    tax: Money,
    fee: Money | None = None,
    fee_covered: Money | None = None,
) -> list[BookLeg]:
    """The legs of a settled payment. `fee_covered` (at most the revenue) is taken off the lines in
    proportion and credited to each line's fee fund; the fee is charged to each line's fee fund in
    proportion to the lines (operations when there is no revenue line)."""
    try:
        line_units = [to_minor(item.line.amount) for item in lines]
        shipping_units, tax_units = to_minor(shipping), to_minor(tax)
        fee_units = to_minor(fee) if fee is not None else 0
        covered_units = to_minor(fee_covered) if fee_covered is not None else 0
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if min([*line_units, shipping_units, tax_units, fee_units, covered_units], default=0) < 0:
        raise LedgerError("Payment amounts cannot be negative; book refunds with reversal_post.")

    def money(units: int) -> Money:
        return from_minor(units, currency)

    covered_units = min(covered_units, sum(line_units))
    covered_parts = split_proportionally(total=covered_units, weights=line_units) if line_units else []
    if sum(line_units):
        fee_parts = split_proportionally(total=fee_units, weights=line_units)
    else:
        fee_parts = [fee_units] + [0] * (len(line_units) - 1) if line_units else []
    legs: list[BookLeg] = []
    for index, (item, units, covered, fee_part) in enumerate(
        zip(lines, line_units, covered_parts, fee_parts, strict=True)
    ):
        ref = line_reference(item.line, index)
        spec, rule_id = item.spec, item.rule_id
        try:
            split = allocate(
                amount=money(units - covered),
                rule=spec,
                quantity=item.line.quantity,
                labour_minutes=item.line.labour_minutes,
            )
        except AllocationError as error:
            raise LedgerError(f"Cannot allocate {item.line.label or item.line.key}: {error}") from error
        legs.append(BookLeg(account=STRIPE_BALANCE, amount=money(units), role=EntryRole.GROSS, line=ref))
        legs += [
            BookLeg(
                account=leg.account,
                fund=leg.account,
                amount=-leg.amount,
                role=EntryRole.REVENUE,
                rule_id=rule_id,
                line=ref,
            )
            for leg in split
        ]
        legs.append(
            BookLeg(
                account=spec.fee_fund,
                fund=spec.fee_fund,
                amount=money(-covered),
                role=EntryRole.FEE_COVER,
                rule_id=rule_id,
                line=ref,
            )
        )
        legs += _fee_legs(units=fee_part, fund=spec.fee_fund, rule_id=rule_id, line=ref, currency=currency)
    if not lines:
        legs += _fee_legs(units=fee_units, fund=OPERATIONS, rule_id=None, line=FEES_LINE, currency=currency)
    for ref, account, role, units in (
        (SHIPPING_LINE, SHIPPING_INCOME, EntryRole.SHIPPING, shipping_units),
        (TAX_LINE, SALES_TAX_PAYABLE, EntryRole.TAX, tax_units),
    ):
        legs.append(BookLeg(account=STRIPE_BALANCE, amount=money(units), role=EntryRole.GROSS, line=ref))
        legs.append(BookLeg(account=account, amount=money(-units), role=role, line=ref))
    return merge(legs)


def _fee_legs(*, units: int, fund: str, rule_id: int | None, line: str, currency: str) -> list[BookLeg]:
    return [
        BookLeg(
            account=PROCESSING_FEES,
            fund=fund,
            amount=from_minor(units, currency),
            role=EntryRole.FEE,
            rule_id=rule_id,
            line=line,
        ),
        BookLeg(
            account=STRIPE_BALANCE,
            amount=from_minor(-units, currency),
            role=EntryRole.FEE_PAID,
            line=line,
        ),
    ]


def reversal_legs(
    *,
    remaining: Sequence[BookLeg],
    currency: str,
    lines: Mapping[str, Money] | None = None,
    amount: Money | None = None,
) -> list[BookLeg]:
    """What a refund or dispute gives back, from the legs a posting still holds (reversible roles).

    `lines` names source lines and what to give back of each: that line's legs return it in their
    own proportions (largest remainder over what each still holds), so a whole line comes back
    exactly and part of a line comes back pro rata. `amount` (or whatever a named line no longer
    holds, e.g. after an earlier refund by amount) is spread over all lines in proportion to what
    each still holds. No leg ever gives back more than it holds; asking for more than the posting
    holds raises ReversalExceedsError.
    """
    by_line: dict[str, list[BookLeg]] = {}
    for leg in remaining:
        if str(leg.amount.currency) == currency and leg.amount.amount != 0:
            by_line.setdefault(leg.line, []).append(leg)
    held = {
        ref: sum(to_minor(leg.amount) for leg in legs if leg.amount.amount > 0)
        for ref, legs in by_line.items()
    }
    take = dict.fromkeys(held, 0)
    try:
        spread = to_minor(amount) if amount is not None else 0
        requested = {ref: to_minor(value) for ref, value in (lines or {}).items()}
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if spread < 0 or any(units < 0 for units in requested.values()):
        raise LedgerError("A reversal amount cannot be negative.")
    for ref, units in requested.items():
        part = min(units, held.get(ref, 0))
        if part:
            take[ref] += part
        spread += units - part
    left = {ref: held[ref] - take[ref] for ref in held}
    if spread > sum(left.values()):
        total = sum(requested.values()) + (to_minor(amount) if amount is not None else 0)
        raise ReversalExceedsError(
            f"Cannot reverse {from_minor(total, currency)}: only {from_minor(sum(held.values()), currency)} "
            "is left to reverse."
        )
    if spread:
        refs = list(left)
        for ref, part in zip(
            refs, split_proportionally(total=spread, weights=[left[r] for r in refs]), strict=True
        ):
            take[ref] += part
    legs: list[BookLeg] = []
    for ref, units in take.items():
        if not units:
            continue
        for sign in (1, -1):
            side = [leg for leg in by_line[ref] if (leg.amount.amount > 0) == (sign > 0)]
            weights = [abs(to_minor(leg.amount)) for leg in side]
            for leg, part in zip(side, split_proportionally(total=units, weights=weights), strict=True):
                legs.append(replace(leg, amount=from_minor(-sign * part, currency)))
    return merge(legs)


def mirror_legs(legs: Sequence[BookLeg]) -> list[BookLeg]:
    """The exact opposite of some legs (a refund that failed after it was booked)."""
    return [replace(leg, amount=-leg.amount) for leg in legs]
