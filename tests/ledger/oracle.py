"""An independent oracle for attribution, written from the rule's definition (DESIGN.md section 6 and
the allocation rule text Finance reads), in integer cents and fractions. It never calls the
project's allocation, legs or money code.

A rule, in words: fixed shares first (an amount per unit times the quantity, or an amount per
labour minute times the labour minutes of one unit times the quantity), each at most what is left
of the line; then percentages of what the fixed shares left; the remainder fund gets the rest.
Exact until the end, then largest remainder to whole cents: floor every share, hand the leftover
cents one each to the largest fractional parts, the earlier share winning a tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class OracleShare:
    fund: str
    kind: str  # "percent", "per_unit", "per_minute"
    value: Decimal  # percent, or dollars per unit / per minute


@dataclass(frozen=True)
class OracleRule:
    shares: tuple[OracleShare, ...]
    remainder: str


def cents(amount) -> int:
    value = Fraction(Decimal(str(amount))) * 100
    assert value.denominator == 1, amount
    return int(value)


def round_largest_remainder(exact: list[Fraction], total: int) -> list[int]:
    floors = [exact_part.numerator // exact_part.denominator for exact_part in exact]
    leftover = total - sum(floors)
    ranked = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in ranked[:leftover]:
        floors[i] += 1
    return floors


def split_line(*, amount_cents: int, rule: OracleRule, quantity: int, minutes: Decimal) -> dict[str, int]:
    """Cents per fund for one line, by the rule's definition."""
    funds, exact = [], []
    left = Fraction(amount_cents)
    for share in rule.shares:
        if share.kind == "percent":
            continue
        per = Fraction(share.value) * 100
        want = per * quantity if share.kind == "per_unit" else per * Fraction(minutes) * quantity
        part = min(want, left)
        funds.append(share.fund)
        exact.append(part)
        left -= part
    base = left
    for share in rule.shares:
        if share.kind == "percent":
            part = base * Fraction(share.value) / 100
            funds.append(share.fund)
            exact.append(part)
            left -= part
    funds.append(rule.remainder)
    exact.append(left)
    result: dict[str, int] = {}
    for fund, part in zip(funds, round_largest_remainder(exact, amount_cents), strict=True):
        result[fund] = result.get(fund, 0) + part
    return {fund: part for fund, part in result.items() if part}


def cap_binds(*, amount_cents: int, rule: OracleRule, quantity: int, minutes: Decimal) -> bool:
    """Whether the fixed shares ask for more than the line holds (then n units != n x one unit)."""
    wanted = Fraction(0)
    for share in rule.shares:
        if share.kind == "per_unit":
            wanted += Fraction(share.value) * 100 * quantity
        elif share.kind == "per_minute":
            wanted += Fraction(share.value) * 100 * Fraction(minutes) * quantity
    return wanted > amount_cents


def spread(total: int, weights: list[int]) -> list[int]:
    """`total` cents over `weights` in proportion, largest remainder (how a discount is shared)."""
    weight_sum = sum(weights)
    if weight_sum == 0:
        return [total] + [0] * (len(weights) - 1)
    return round_largest_remainder([Fraction(total * w, weight_sum) for w in weights], total)


def add(into: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    result = dict(into)
    for fund, part in more.items():
        result[fund] = result.get(fund, 0) + part
    return {fund: part for fund, part in result.items() if part}
