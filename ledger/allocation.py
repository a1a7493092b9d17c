"""Allocation as a pure function: Money in, legs out. No database, no settings.

Order of a split: fixed shares first (amount per unit x quantity, or per labour minute x labour
minutes per unit x quantity: the quantity is applied here and only here, so n units of a product
fund exactly n times one unit until a cap binds), each capped at what is left of the line; then
percentages of what the fixed shares left; the remainder fund gets the rest. Exact arithmetic
(fractions) until the very end, then largest-remainder rounding to the currency's minor unit:
every share is floored, the leftover minor units go one each to the largest fractional parts,
ties to the earlier share. So the legs always sum exactly to the amount, and the same input always
gives the same legs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from djmoney.money import Money

from core.money import MinorUnitsError, currency_exponent, iso_minor_units
from core.money import from_iso_minor_units as from_minor

from .types import Leg

PERCENTAGE = "percentage"
PER_UNIT = "per_unit"
PER_LABOUR_MINUTE = "per_labour_minute"
BASES = (PERCENTAGE, PER_UNIT, PER_LABOUR_MINUTE)


class AllocationError(ValueError):
    """The rule or the amount cannot be allocated; the message says why."""


@dataclass(frozen=True, kw_only=True)
class Share:
    fund: str
    basis: str = PERCENTAGE
    percentage: Decimal | None = None
    amount: Money | None = None  # per unit or per labour minute


@dataclass(frozen=True, kw_only=True)
class RuleSpec:
    """A rule version as plain values: what `allocate` needs and nothing more."""

    shares: tuple[Share, ...] = ()
    remainder_fund: str = ""
    fee_fund: str = "operations"


def to_minor(money: Money) -> int:
    """Exact integer minor units (core.money); an amount finer than the currency is an AllocationError."""
    try:
        return iso_minor_units(money)
    except MinorUnitsError as error:
        raise AllocationError(str(error)) from error


def largest_remainder(exact: Sequence[Fraction], total: int) -> list[int]:
    """Round exact non-negative shares (in minor units) that add up to `total` to integers that do too."""
    floors = [int(share.__floor__()) for share in exact]
    leftover = total - sum(floors)
    if leftover < 0 or leftover > len(exact):
        raise AllocationError("Shares do not add up to the amount being split.")
    # Largest fractional part first; the earlier share wins a tie, so the result is deterministic.
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:leftover]:
        floors[index] += 1
    return floors


def split_proportionally(*, total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` minor units in proportion to non-negative integer weights.

    When `total` is at most the sum of the weights no part exceeds its weight, which is what keeps a
    partial reversal from taking more from an account than the account received.
    """
    if total < 0 or any(weight < 0 for weight in weights):
        raise AllocationError("Only non-negative amounts can be split.")
    weight_sum = sum(weights)
    if total == 0:
        return [0 for _ in weights]
    if weight_sum == 0:
        raise AllocationError("Nothing to split the amount over.")
    return largest_remainder([Fraction(total * weight, weight_sum) for weight in weights], total)


def rule_errors(rule: RuleSpec) -> list[str]:
    """Everything wrong with a rule, in words Finance can act on; empty when it is valid."""
    errors = []
    if not rule.remainder_fund:
        errors.append("Choose a remainder fund: it receives whatever the shares leave.")
    percentage_total = Decimal(0)
    for share in rule.shares:
        if not share.fund:
            errors.append("Every share needs a fund.")
        if share.basis not in BASES:
            errors.append(f"Unknown share basis {share.basis!r}.")
        elif share.basis == PERCENTAGE:
            if share.percentage is None:
                errors.append(f"The share to {share.fund} needs a percentage.")
            elif share.percentage < 0:
                errors.append(f"The share to {share.fund} has a negative percentage ({share.percentage} %).")
            elif share.percentage > 100:
                errors.append(f"The share to {share.fund} is over 100 % ({share.percentage} %).")
            else:
                percentage_total += share.percentage
        elif share.amount is None:
            errors.append(f"The fixed share to {share.fund} needs an amount.")
        elif share.amount.amount < 0:
            errors.append(f"The fixed share to {share.fund} has a negative amount ({share.amount}).")
    if percentage_total > 100:
        errors.append(f"The percentages add up to {percentage_total} %; they may be at most 100 %.")
    return errors


def _fixed_share(share: Share, *, currency: str, quantity: int, labour_minutes: Decimal) -> Fraction:
    if share.amount is None or str(share.amount.currency) != currency:
        # A fixed amount in another currency cannot be applied; the remainder fund gets it instead.
        return Fraction(0)
    per = Fraction(share.amount.amount) * 10 ** currency_exponent(currency)
    if share.basis == PER_UNIT:
        return per * quantity
    return per * Fraction(labour_minutes) * quantity


def allocate(
    *, amount: Money, rule: RuleSpec, quantity: int = 1, labour_minutes: Decimal = Decimal(0)
) -> list[Leg]:
    """Split `amount` between funds by `rule`; legs are positive, merged per fund, in rule order.

    `labour_minutes` is the labour of ONE unit; `quantity` multiplies it (callers must not).
    """
    errors = rule_errors(rule)
    if errors:
        raise AllocationError(" ".join(errors))
    if quantity < 0 or labour_minutes < 0:
        raise AllocationError("Quantity and labour minutes cannot be negative.")
    currency = str(amount.currency)
    total = to_minor(amount)
    if total < 0:
        raise AllocationError("Only non-negative amounts can be allocated.")

    funds: list[str] = []
    exact: list[Fraction] = []
    left = Fraction(total)
    for share in rule.shares:
        if share.basis in (PER_UNIT, PER_LABOUR_MINUTE):
            part = min(
                _fixed_share(share, currency=currency, quantity=quantity, labour_minutes=labour_minutes), left
            )
            funds.append(share.fund)
            exact.append(part)
            left -= part
    after_fixed = left
    for share in rule.shares:
        if share.basis == PERCENTAGE:
            part = after_fixed * Fraction(share.percentage) / 100
            funds.append(share.fund)
            exact.append(part)
            left -= part
    funds.append(rule.remainder_fund)
    exact.append(left)

    rounded = largest_remainder(exact, total)
    merged: dict[str, int] = {}
    for fund, units in zip(funds, rounded, strict=True):
        merged[fund] = merged.get(fund, 0) + units
    return [Leg(account=fund, amount=from_minor(units, currency)) for fund, units in merged.items() if units]
