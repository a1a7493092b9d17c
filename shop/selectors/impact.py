"""Impact lines ("funds about 1.5 hours of survivor wages"), computed from the ledger's rules, never typed."""

from __future__ import annotations

from decimal import Decimal

from djmoney.money import Money

from ledger import selectors as ledger_selectors
from ledger.types import RevenueLine, RuleTarget


def revenue_line(
    *,
    amount: Money,
    product_id,
    category_id=None,
    quantity: int = 1,
    labour_minutes=Decimal(0),
    label="",
    reference: str = "",
) -> RevenueLine:
    """A product line for the ledger. `labour_minutes` is per unit: the allocation multiplies it by
    the quantity (multiplying here too counted the labour of n units n times over)."""
    fallbacks = ((RuleTarget.CATEGORY, str(category_id)),) if category_id else ()
    return RevenueLine(
        amount=amount,
        target=RuleTarget.PRODUCT,
        key=str(product_id),
        fallback_keys=fallbacks,
        quantity=quantity,
        labour_minutes=Decimal(labour_minutes or 0),
        label=label,
        reference=reference,
    )


def _format_units(units: Decimal) -> str:
    text = f"{units.quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def _plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def unit_phrase(units: Decimal, label: str) -> str:
    """ "1.5" + "hour of survivor wages" -> "1.5 hours of survivor wages"."""
    amount = _format_units(units)
    if amount == "1":
        return f"1 {label}"
    head, sep, tail = label.partition(" of ")
    if sep:
        return f"{amount} {_plural(head)} of {tail}"
    words = label.split(" ")
    words[-1] = _plural(words[-1])
    return f"{amount} {' '.join(words)}"


def impact_sentences(*, revenue: list[RevenueLine]) -> list[str]:
    """Human sentences for what `revenue` funds by the rules in force, largest share first."""
    if not revenue:
        return []
    lines = ledger_selectors.impact_preview(revenue=revenue)
    sentences = []
    for line in sorted(lines, key=lambda item: item.amount.amount, reverse=True):
        # Only funds with an impact unit say something a customer can picture; the rest are in the books.
        if line.units is not None and line.units > 0 and line.unit_label:
            sentences.append(f"about {unit_phrase(line.units, line.unit_label)}")
    return sentences


def impact_summary(*, revenue: list[RevenueLine]) -> str:
    """One line: "funds about 1.5 hours of survivor wages"."""
    sentences = impact_sentences(revenue=revenue)
    if not sentences:
        return ""
    if len(sentences) == 1:
        return f"funds {sentences[0]}"
    return "funds " + ", ".join(sentences[:-1]) + " and " + sentences[-1]
