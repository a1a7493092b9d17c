"""How impact reads: money in a fund becomes units ("12.2 hours of survivor wages"). Pure text and
arithmetic, shared by every claim the site makes (previews, settled orders and gifts, circles, the
impact page, the API, the fund report), so they all round and word the same figure the same way.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from djmoney.money import Money

UNIT_PRECISION = Decimal("0.1")


def units_of(amount: Money, unit_cost: Money | None) -> Decimal | None:
    """How many impact units `amount` pays for, rounded DOWN to a tenth (a claim never rounds up);
    None without a unit cost in the same currency."""
    if unit_cost is None or unit_cost.amount <= 0 or amount.currency != unit_cost.currency:
        return None
    units = amount.amount / unit_cost.amount
    return max(units, Decimal(0)).quantize(UNIT_PRECISION, rounding=ROUND_DOWN)


def format_units(units: Decimal) -> str:
    """ "4.50" -> "4.5", "2.0" -> "2"."""
    text = f"{units.quantize(UNIT_PRECISION, rounding=ROUND_DOWN):f}"
    return text[:-2] if text.endswith(".0") else text


def _plural_word(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def unit_label_for(label: str, units: Decimal | int | None) -> str:
    """The label as people write it next to a number: singular for exactly one unit, plural
    otherwise ("hour of survivor wages" -> "hours of survivor wages", "counseling session" ->
    "counseling sessions", "week of care management" -> "weeks of care management")."""
    if not label or units is None or Decimal(units) == 1:
        return label
    head, separator, rest = label.partition(" of ")
    words = head.split(" ")
    words[-1] = _plural_word(words[-1])
    return " ".join(words) + separator + rest


def unit_phrase(units: Decimal, label: str) -> str:
    """ "1" -> "1 hour of survivor wages", "12.2" -> "12.2 hours of survivor wages"."""
    shown = format_units(units)
    return f"{shown} {unit_label_for(label, Decimal(shown))}"


def claim_sentence(lines) -> str:
    """ "funds about 4.5 hours of survivor wages and about 1 counseling session", from impact lines
    (anything with `units`, `unit_label` and `amount`), largest amount first; "" when nothing a
    person can picture (funds without an impact unit are in the books, not in the sentence)."""
    parts = [
        f"about {unit_phrase(line.units, line.unit_label)}"
        for line in sorted(lines, key=lambda item: item.amount.amount, reverse=True)
        if line.units is not None and line.units > 0 and line.unit_label
    ]
    if not parts:
        return ""
    if len(parts) == 1:
        return f"funds {parts[0]}"
    return "funds " + ", ".join(parts[:-1]) + " and " + parts[-1]
