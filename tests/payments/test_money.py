"""STRIPE_SCENARIOS.md "Money": minor units for two-, zero- and three-decimal currencies, half-up, minimums."""

from decimal import Decimal

import pytest
from djmoney.money import Money
from hypothesis import given
from hypothesis import strategies as st

from core.money import (
    MinorUnitsError,
    from_minor_units,
    meets_minimum_charge,
    minimum_charge,
    minor_unit_exponent,
    quantize_for_stripe,
    to_minor_units,
    within_maximum_charge,
)


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("10.00", "USD", 1000),
        ("0.01", "USD", 1),
        ("19.99", "EUR", 1999),
        ("500", "JPY", 500),
        ("1", "KRW", 1),
        ("1.234", "KWD", 1230),
        ("12.5", "BHD", 12500),
        ("1000", "ISK", 100000),
    ],
)
def test_amounts_become_stripe_minor_units(amount, currency, minor):
    assert to_minor_units(Money(amount, currency)) == minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("10.005", "USD", 1001),  # half-up, not banker's rounding (which gives 1000)
        ("10.015", "USD", 1002),
        ("10.0049", "USD", 1000),
        ("0.5", "JPY", 1),
        ("2.5", "JPY", 3),
        ("1.235", "KWD", 1240),  # last of three digits must be zero: hundredths, half-up
        ("1.2349", "KWD", 1230),
        ("999.5", "ISK", 100000),
    ],
)
def test_rounding_is_half_up(amount, currency, minor):
    assert to_minor_units(Money(Decimal(amount), currency)) == minor


def test_three_decimal_amounts_always_end_in_zero():
    for raw in ("0.001", "0.005", "7.777", "123.456"):
        assert to_minor_units(Money(Decimal(raw), "KWD")) % 10 == 0


@pytest.mark.parametrize(
    ("minor", "currency", "expected"),
    [
        (1999, "usd", Money("19.99", "USD")),
        (500, "jpy", Money(500, "JPY")),
        (1230, "kwd", Money("1.230", "KWD")),
    ],
)
def test_stripe_amounts_come_back_as_money(minor, currency, expected):
    assert from_minor_units(minor, currency) == expected


def test_a_missing_stripe_amount_is_zero_and_a_float_is_refused():
    assert from_minor_units(None, "usd") == Money(0, "USD")
    with pytest.raises(MinorUnitsError):
        from_minor_units(10.5, "usd")


def test_not_a_number_is_refused():
    with pytest.raises(MinorUnitsError):
        to_minor_units(Money(Decimal("NaN"), "USD"))


def test_exponents():
    assert [minor_unit_exponent(code) for code in ("USD", "jpy", "KWD", "TND", "VND")] == [2, 0, 3, 3, 0]


@given(cents=st.integers(min_value=0, max_value=99_999_999))
def test_minor_units_round_trip_exactly_for_usd(cents):
    assert to_minor_units(from_minor_units(cents, "USD")) == cents


@given(
    amount=st.decimals(min_value=0, max_value=1_000_000, places=4, allow_nan=False, allow_infinity=False),
    currency=st.sampled_from(["USD", "JPY", "KWD", "EUR", "BHD"]),
)
def test_conversion_never_moves_an_amount_by_more_than_half_a_unit(amount, currency):
    charged = quantize_for_stripe(Money(amount, currency)).amount
    step = Decimal("0.01") if currency in ("KWD", "BHD") else Decimal(10) ** -minor_unit_exponent(currency)
    assert abs(charged - amount) <= step / 2


def test_stripe_minimum_charge_amounts():
    assert minimum_charge("USD") == Money("0.50", "USD")
    assert minimum_charge("JPY") == Money(50, "JPY")
    assert minimum_charge("GBP") == Money("0.30", "GBP")
    assert not meets_minimum_charge(Money("0.49", "USD"))
    assert meets_minimum_charge(Money("0.50", "USD"))
    assert meets_minimum_charge(Money("0.495", "USD"))  # rounds half-up to 0.50
    assert not meets_minimum_charge(Money(49, "JPY"))
    assert not meets_minimum_charge(Money(0, "KWD"))  # no published minimum: still more than zero
    assert meets_minimum_charge(Money("0.010", "KWD"))


def test_maximum_charge():
    assert within_maximum_charge(Money("999999.99", "USD"))
    assert not within_maximum_charge(Money("1000000.00", "USD"))
