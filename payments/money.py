"""Money <-> Stripe integer minor units. The only place amounts become integers.

Stripe counts most currencies in hundredths, "zero-decimal" currencies (JPY...) in whole units and
"three-decimal" currencies (KWD...) in thousandths whose last digit must be 0. Rounding is half-up,
never banker's rounding, and never through float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from djmoney.money import Money

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
# Two-decimal on the wire for backwards compatibility, but only whole units are chargeable.
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


class MinorUnitsError(ValueError):
    """An amount that cannot be expressed to Stripe (not a number, or not representable)."""


def currency_code(currency) -> str:
    return str(getattr(currency, "code", currency)).upper()


def minor_unit_exponent(currency) -> int:
    """How many decimal places Stripe's integer amount carries for this currency."""
    code = currency_code(currency)
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def _as_decimal(amount: Money | Decimal | int | str) -> Decimal:
    value = amount.amount if isinstance(amount, Money) else amount
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise MinorUnitsError(f"Not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise MinorUnitsError(f"Not a finite amount: {amount!r}")
    return value


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
