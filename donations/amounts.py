"""Pure money rules for gifts: parsing what a donor typed, and the exact "cover the fee" gross-up."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from djmoney.money import Money

CENT = Decimal("0.01")
_MAX_INPUT_LENGTH = 32
_MAX_WHOLE_DIGITS = 9
# The shapes a typed amount may take. A comma or point followed by exactly two final digits is the
# decimal separator; any other separator must sit between valid groups of three (1,000 / 1.000.000 /
# 1 000). Anything else (25,5 / 1,00,000 / 1.000 alone) could mean two different amounts: refused.
_PLAIN = re.compile(r"^(?P<whole>[0-9]+)(?:\.(?P<cents>[0-9]*))?$", re.ASCII)
_COMMA_CENTS = re.compile(r"^(?P<whole>[0-9]+),(?P<cents>[0-9]{2})$", re.ASCII)
_GROUPED = {
    # thousands separator -> decimal separator allowed after the groups
    ",": re.compile(r"^(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<cents>[0-9]*))?$", re.ASCII),
    " ": re.compile(r"^(?P<whole>[0-9]{1,3}(?: [0-9]{3})+)(?:[.,](?P<cents>[0-9]{2}))?$", re.ASCII),
    ".": re.compile(r"^(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+),(?P<cents>[0-9]{2})$", re.ASCII),
}
_DOTTED_GROUPS = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3}){2,}$", re.ASCII)
_POINT_THREE = re.compile(r"^[0-9]{1,3}\.[0-9]{3}$", re.ASCII)
_INVALID = "Enter an amount like 50 or 50.00."
_AMBIGUOUS = (
    "We can't tell which amount “%(typed)s” means. Write it with a point for cents and no other "
    "separators, like 1250.50 or 25.50."
)


def _split_amount(text: str) -> tuple[str, str]:
    """The whole units and the cents digits of a typed amount (separators removed), by the rules above."""
    for pattern in (_PLAIN, _COMMA_CENTS):
        match = pattern.match(text)
        if match:
            if pattern is _PLAIN and _POINT_THREE.match(text):
                # "1.000" is one dollar in the US and a thousand in much of Europe.
                raise ValidationError(_AMBIGUOUS, params={"typed": text}, code="ambiguous")
            return match["whole"], match["cents"] or ""
    if _DOTTED_GROUPS.match(text):
        return text.replace(".", ""), ""
    for separator, pattern in _GROUPED.items():
        match = pattern.match(text)
        if match:
            return match["whole"].replace(separator, ""), match["cents"] or ""
    if re.search(r"[0-9][,.][0-9]", text, re.ASCII) and re.fullmatch(r"[0-9][0-9,. ]*", text, re.ASCII):
        raise ValidationError(_AMBIGUOUS, params={"typed": text}, code="ambiguous")
    raise ValidationError(_INVALID, code="invalid")


def gift_limits() -> tuple[Decimal, Decimal]:
    return Decimal(settings.DONATIONS_MIN_AMOUNT), Decimal(settings.DONATIONS_MAX_AMOUNT)


def allowed_currencies() -> tuple[str, ...]:
    return tuple(settings.DONATIONS_CURRENCIES)


def parse_amount(
    raw, *, currency: str = "USD", minimum: Decimal | None = None, maximum: Decimal | None = None
) -> Money:
    """Turn a donor's typed amount into Money, or raise ValidationError with a message they can act on.

    Accepts "50", "50.5", "$1,250.00", "25,50" (a decimal comma), "1.250,50", "1 250" and full-width
    digits (normalised with NFKC). Never strips separators blindly: "25,5" or "1,00,000" is refused as
    ambiguous. Refuses empty input, signs, exponents, NaN/Infinity, more than two decimals, and amounts
    outside the limits.
    """
    if currency not in allowed_currencies():
        raise ValidationError(
            "We can only accept gifts in %(currencies)s.",
            params={"currencies": ", ".join(allowed_currencies())},
            code="currency",
        )
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if not text:
        raise ValidationError("Enter the amount you would like to give.", code="required")
    if len(text) > _MAX_INPUT_LENGTH:
        raise ValidationError("Enter an amount like 50 or 50.00.", code="invalid")
    text = text.removeprefix("$").strip()
    if text.startswith("-"):
        raise ValidationError("The amount must be more than zero.", code="negative")
    whole, cents = _split_amount(text)
    default_minimum, default_maximum = gift_limits()
    minimum = default_minimum if minimum is None else minimum
    maximum = default_maximum if maximum is None else maximum
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        # A well-formed but enormous number is told the maximum, not shown an example.
        raise _over_maximum(maximum)
    if len(cents.rstrip("0")) > 2:
        raise ValidationError("Use at most two decimal places (cents).", code="decimals")
    value = Decimal(f"{whole}.{cents or '0'}").quantize(CENT)
    if value < minimum:
        raise ValidationError(
            "The smallest gift we can accept online is $%(min)s.", params={"min": minimum}, code="min"
        )
    if value > maximum:
        raise _over_maximum(maximum)
    return Money(value, currency)


def _over_maximum(maximum: Decimal) -> ValidationError:
    return ValidationError(
        "Online gifts are limited to $%(max)s; please contact us for larger gifts.",
        params={"max": f"{maximum:,}"},
        code="max",
    )


@dataclass(frozen=True)
class FeeSchedule:
    rate: Decimal
    fixed: Decimal

    @classmethod
    def from_settings(cls) -> FeeSchedule:
        return cls(
            rate=Decimal(settings.PAYMENTS_FEE_RATE),
            fixed=Decimal(settings.PAYMENTS_FEE_FIXED),
        )

    def fee_on(self, charged: Decimal) -> Decimal:
        """The processor's fee on a charge, rounded half-up to the cent as Stripe does."""
        return (charged * self.rate).quantize(CENT, rounding=ROUND_HALF_UP) + self.fixed

    def gross_up(self, gift: Decimal) -> Decimal:
        """The smallest charge, to the cent, that leaves at least `gift` after the fee:
        (gift + fixed) / (1 - rate), rounded up, then corrected for the fee's own rounding."""
        charged = ((gift + self.fixed) / (1 - self.rate)).quantize(CENT, rounding=ROUND_CEILING)
        while charged - self.fee_on(charged) < gift:
            charged += CENT
        while charged - CENT - self.fee_on(charged - CENT) >= gift:
            charged -= CENT
        return charged


def fee_cover_for(gift: Money) -> Money:
    """The amount to add so the charity receives `gift` whole."""
    schedule = FeeSchedule.from_settings()
    return Money(schedule.gross_up(gift.amount) - gift.amount, gift.currency)
