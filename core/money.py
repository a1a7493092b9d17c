"""Money in one place: currency exponents, minor units, exact splits, rounding, and the one way to
write an amount for a person ("$1,200.00" on pages, in emails and in PDFs).

Two tables, each for its own purpose:
- ISO 4217 (py-moneyed) says how finely an amount is kept, split and shown: USD 2, JPY 0, KWD 3.
  Books, splits and prices use `currency_exponent`, `quantize`, `iso_minor_units`.
- Stripe says how an amount crosses its API (`to_minor_units` / `from_minor_units`): most currencies
  in hundredths, "zero-decimal" ones (JPY, and MGA although ISO gives it 2) in whole units,
  "three-decimal" ones in thousandths ending in 0, and ISK in hundredths of whole krónur.

Rounding is half-up (away from zero), never banker's rounding, and never through float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from babel.numbers import format_currency
from django.conf import settings
from djmoney.money import Money
from moneyed import get_currency

LOCALE = "en_US"


class MinorUnitsError(ValueError):
    """An amount that cannot be expressed in minor units (not a number, or finer than allowed)."""


def currency_code(currency) -> str:
    return str(getattr(currency, "code", currency)).upper()


def _as_decimal(amount: Money | Decimal | int | str) -> Decimal:
    value = amount.amount if isinstance(amount, Money) else amount
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise MinorUnitsError(f"Not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise MinorUnitsError(f"Not a finite amount: {amount!r}")
    return value


# --- ISO 4217: how finely amounts are kept, split and shown ----------------------------------------


def currency_exponent(currency) -> int:
    """Decimal places of the currency's minor unit (ISO 4217): USD 2, JPY 0, KWD 3."""
    sub_unit = get_currency(currency_code(currency)).sub_unit or 1
    exponent = 0
    while sub_unit > 1:
        sub_unit //= 10
        exponent += 1
    return exponent


def quantize(money: Money) -> Money:
    """`money` rounded half-up to its currency's minor unit: Money("2.005", "USD") -> 2.01."""
    step = Decimal(1).scaleb(-currency_exponent(money.currency))
    return Money(_as_decimal(money).quantize(step, rounding=ROUND_HALF_UP), currency_code(money.currency))


def money_in(amount: Decimal, currency) -> Money:
    """A bare amount (a database aggregate) as Money, rounded half-up to the currency's minor unit."""
    return quantize(Money(amount, currency_code(currency)))


def iso_minor_units(money: Money) -> int:
    """Exact integer minor units: Money("12.34", "USD") -> 1234; refuses amounts finer than the currency."""
    value = _as_decimal(money)
    scaled = Fraction(value) * 10 ** currency_exponent(money.currency)  # exact at any size
    if scaled.denominator != 1:
        raise MinorUnitsError(f"{value} has more decimals than {currency_code(money.currency)} allows.")
    return int(scaled)


def from_iso_minor_units(units: int, currency) -> Money:
    return Money(Decimal(units).scaleb(-currency_exponent(currency)), currency_code(currency))


def zero(currency) -> Money:
    return Money(0, currency_code(currency))


def money_sum(amounts: Iterable[Money], currency) -> Money:
    total = zero(currency)
    for amount in amounts:
        total += amount
    return total


def split_by_weights(total: Money, weights: list[Money]) -> list[Money]:
    """Split `total` across `weights` in proportion, exactly, by largest remainder (ties to the earlier).

    The parts always add up to `total` (rounded half-up to the minor unit first); an all-zero
    weighting gives everything to the first part.
    """
    if not weights:
        return []
    currency = currency_code(total.currency)
    total_minor = iso_minor_units(quantize(total))
    weight_minor = [iso_minor_units(quantize(Money(weight.amount, currency))) for weight in weights]
    weight_sum = sum(weight_minor)
    if weight_sum <= 0:
        parts = [0] * len(weights)
        parts[0] = total_minor
    else:
        exact = [(total_minor * weight, weight_sum) for weight in weight_minor]
        parts = [numerator // denominator for numerator, denominator in exact]
        leftover = total_minor - sum(parts)
        order = sorted(range(len(weights)), key=lambda i: (-(exact[i][0] % exact[i][1]), i))
        for i in order[:leftover]:
            parts[i] += 1
    return [from_iso_minor_units(part, currency) for part in parts]


# --- Stripe: how amounts cross its API ------------------------------------------------------------

# https://docs.stripe.com/currencies#zero-decimal
ZERO_DECIMAL = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
# https://docs.stripe.com/currencies#three-decimal: the last digit must be 0.
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
# https://docs.stripe.com/currencies#special-cases, for charges and refunds (the project makes no payouts):
# - ISK is effectively zero-decimal but stays two-decimal on the wire: amounts are whole krónur x 100.
# - HUF and TWD are two-decimal for charges (only payouts must be whole units: not made here).
# - UGX is zero-decimal for charges (in ZERO_DECIMAL; its two-decimal payout rule is not used here).
WHOLE_UNITS_TWO_DECIMAL = frozenset({"ISK"})

# https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (presentment currency).
MINIMUM_CHARGE = {
    "USD": Decimal("0.50"),
    "AED": Decimal("2.00"),
    "AUD": Decimal("0.50"),
    "BGN": Decimal("1.00"),
    "BRL": Decimal("0.50"),
    "CAD": Decimal("0.50"),
    "CHF": Decimal("0.50"),
    "CZK": Decimal("15.00"),
    "DKK": Decimal("2.50"),
    "EUR": Decimal("0.50"),
    "GBP": Decimal("0.30"),
    "HKD": Decimal("4.00"),
    "HUF": Decimal("175.00"),
    "INR": Decimal("0.50"),
    "JPY": Decimal("50"),
    "MXN": Decimal("10"),
    "MYR": Decimal("2"),
    "NOK": Decimal("3.00"),
    "NZD": Decimal("0.50"),
    "PLN": Decimal("2.00"),
    "RON": Decimal("2.00"),
    "SEK": Decimal("3.00"),
    "SGD": Decimal("0.50"),
    "THB": Decimal("10"),
}
# Stripe's maximum for a single charge is 99,999,999 minor units (8 digits) for most currencies.
MAXIMUM_MINOR_UNITS = 99_999_999


def minor_unit_exponent(currency) -> int:
    """How many decimal places Stripe's integer amount carries for this currency (not always ISO's:
    MGA 0 here and 2 in ISO, ISK 2 here and 0 in ISO)."""
    code = currency_code(currency)
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def to_minor_units(amount: Money) -> int:
    """Money("10.005", "USD") -> 1001; Money(500, "JPY") -> 500; Money("1.2345", "KWD") -> 1230."""
    code = currency_code(amount.currency)
    value = _as_decimal(amount)
    if code in THREE_DECIMAL:
        # Stripe requires the last of the three digits to be zero: round to hundredths first.
        return int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 1000)
    if code in WHOLE_UNITS_TWO_DECIMAL:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100)
    exponent = minor_unit_exponent(code)
    return int((value * (Decimal(10) ** exponent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor_units(value: int | None, currency) -> Money:
    """Stripe's integer amount back to Money; `None` (Stripe left it out) is zero."""
    code = currency_code(currency)
    if value is None:
        value = 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise MinorUnitsError(f"Stripe amounts are integers, got {value!r}")
    exponent = minor_unit_exponent(code)
    return Money(Decimal(value).scaleb(-exponent), code)


def quantize_for_stripe(amount: Money) -> Money:
    """The amount Stripe will actually charge for `amount` (after half-up rounding)."""
    return from_minor_units(to_minor_units(amount), amount.currency)


def minimum_charge(currency) -> Money | None:
    """Stripe's smallest chargeable amount in this currency, when Stripe publishes one."""
    code = currency_code(currency)
    minimum = MINIMUM_CHARGE.get(code)
    return Money(minimum, code) if minimum is not None else None


def meets_minimum_charge(amount: Money) -> bool:
    minimum = minimum_charge(amount.currency)
    if minimum is None:
        return to_minor_units(amount) > 0
    return quantize_for_stripe(amount) >= minimum


def within_maximum_charge(amount: Money) -> bool:
    return to_minor_units(amount) <= MAXIMUM_MINOR_UNITS


# --- For people --------------------------------------------------------------------------------


def money_format(value, *, decimals: int | None = None) -> str:
    """`Money('1200', 'USD')` -> "$1,200.00"; `decimals=0` rounds to whole units ("$1,200").

    A bare Decimal (a database aggregate of a money column) is in `settings.DEFAULT_CURRENCY`.
    Nothing (None, "") gives "" so a template can leave the value out.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, (Decimal, int)):
        amount, currency = value, settings.DEFAULT_CURRENCY
    else:
        amount = getattr(value, "amount", None)
        currency = getattr(value, "currency", None)
    if amount is None or currency is None:
        return ""
    code = str(getattr(currency, "code", currency))
    digits = currency_exponent(code) if decimals is None else decimals
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    pattern = "¤#,##0" + ("." + "0" * digits if digits else "")
    return format_currency(rounded, code, format=pattern, locale=LOCALE, currency_digits=False)
