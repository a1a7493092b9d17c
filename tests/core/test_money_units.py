"""core.money, the one money module: Stripe's special cases (docs.stripe.com/currencies#special-cases),
hostile amounts, and the ISO side that books, splits and shows amounts (half-up, never half-even).

Oracles are written from the rules: Stripe amount = units x 10^(Stripe's decimals), ISK whole krónur
x 100, three-decimal currencies in thousandths ending in 0; ISO minor units from ISO 4217.
"""

from decimal import Decimal

import pytest
from djmoney.money import Money
from hypothesis import given
from hypothesis import strategies as st

from core.money import (
    MinorUnitsError,
    currency_exponent,
    from_iso_minor_units,
    from_minor_units,
    iso_minor_units,
    minor_unit_exponent,
    money_in,
    quantize,
    split_by_weights,
    to_minor_units,
    within_maximum_charge,
)

# --- Stripe's special cases -----------------------------------------------------------------------


def test_isk_is_charged_in_whole_kronur_sent_with_two_decimals():
    # "ISK ... to charge 5 ISK, provide an amount value of 500"; fractions of ISK cannot be charged.
    assert to_minor_units(Money("5", "ISK")) == 500
    assert to_minor_units(Money("5.49", "ISK")) == 500
    assert to_minor_units(Money("5.50", "ISK")) == 600
    assert all(to_minor_units(Money(raw, "ISK")) % 100 == 0 for raw in ("0.01", "1.99", "1234.5", "7"))
    assert from_minor_units(500, "isk") == Money("5.00", "ISK")


def test_huf_and_twd_are_charged_with_two_decimals():
    # Only their payouts must be whole units (and this project makes no payouts).
    assert to_minor_units(Money("10.45", "HUF")) == 1045
    assert to_minor_units(Money("10.45", "TWD")) == 1045
    assert from_minor_units(1045, "huf") == Money("10.45", "HUF")


def test_ugx_is_charged_as_a_zero_decimal_currency():
    assert minor_unit_exponent("UGX") == 0
    assert to_minor_units(Money("5000", "UGX")) == 5000
    assert from_minor_units(5000, "ugx") == Money(5000, "UGX")


def test_where_stripe_and_iso_disagree_each_table_answers_for_its_own_use():
    # MGA: ISO keeps 2 decimals, Stripe takes whole ariary; ISK: ISO 0, Stripe's wire 2.
    assert (currency_exponent("MGA"), minor_unit_exponent("MGA")) == (2, 0)
    assert (currency_exponent("ISK"), minor_unit_exponent("ISK")) == (0, 2)
    assert to_minor_units(Money("100.50", "MGA")) == 101


# --- Hostile amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("-10.005", "USD", -1001),  # half-up means away from zero: symmetric for negatives
        ("-0.004", "USD", 0),
        ("0.004", "USD", 0),  # below one cent: nothing chargeable
        ("0.005", "USD", 1),
        ("0.4", "JPY", 0),
        ("0.0049", "KWD", 0),
        ("123456789012345678901234.56", "USD", 12345678901234567890123456),  # exact past float's 2^53
    ],
)
def test_hostile_amounts_convert_exactly(amount, currency, minor):
    assert to_minor_units(Money(Decimal(amount), currency)) == minor


def test_huge_amounts_convert_but_are_over_stripes_maximum():
    huge = Money(Decimal("1e20"), "USD")
    assert to_minor_units(huge) == 10**22
    assert not within_maximum_charge(huge)
    assert within_maximum_charge(Money("999999.99", "USD"))


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_amounts_are_refused(raw):
    with pytest.raises(MinorUnitsError):
        to_minor_units(Money(Decimal(raw), "USD"))
    with pytest.raises(MinorUnitsError):
        iso_minor_units(Money(Decimal(raw), "USD"))


@pytest.mark.parametrize("value", [10.5, "1000", True, Decimal("10")])
def test_stripe_amounts_must_be_integers(value):
    with pytest.raises(MinorUnitsError):
        from_minor_units(value, "usd")


def test_negative_stripe_amounts_read_back_as_negative_money():
    assert from_minor_units(-1999, "usd") == Money("-19.99", "USD")


# --- ISO side: exact minor units, half-up rounding, splits ----------------------------------------


def test_iso_minor_units_are_exact_and_refuse_sub_minor_amounts():
    assert iso_minor_units(Money("12.34", "USD")) == 1234
    assert iso_minor_units(Money("-12.34", "USD")) == -1234
    assert iso_minor_units(Money("4.501", "KWD")) == 4501
    assert iso_minor_units(Money("10" * 20, "JPY")) == int("10" * 20)
    for amount, currency in (("0.001", "USD"), ("1.5", "JPY"), ("0.0001", "KWD")):
        with pytest.raises(MinorUnitsError, match="more decimals"):
            iso_minor_units(Money(amount, currency))
    assert from_iso_minor_units(4501, "KWD") == Money("4.501", "KWD")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.005", "USD", "2.01"),  # half-even would give 2.00
        ("2.015", "USD", "2.02"),
        ("-2.005", "USD", "-2.01"),
        ("2.5", "JPY", "3"),  # half-even would give 2
        ("0.0005", "KWD", "0.001"),
    ],
)
def test_quantize_and_money_in_round_half_up(amount, currency, expected):
    assert quantize(Money(Decimal(amount), currency)) == Money(expected, currency)
    assert money_in(Decimal(amount), currency) == Money(expected, currency)


def test_a_split_adds_up_and_gives_leftover_cents_to_the_largest_remainders():
    # 100.00 over 1:1:1 -> 33.33 each and 0.01 left: it goes to the first (ties to the earlier).
    parts = split_by_weights(Money("100.00", "USD"), [Money("5", "USD")] * 3)
    assert parts == [Money("33.34", "USD"), Money("33.33", "USD"), Money("33.33", "USD")]
    # 10.00 over 1:2 -> 3.333.. and 6.666..: the larger fraction (6.67) wins the cent.
    assert split_by_weights(Money("10.00", "USD"), [Money("1", "USD"), Money("2", "USD")]) == [
        Money("3.33", "USD"),
        Money("6.67", "USD"),
    ]
    assert split_by_weights(Money("7.00", "USD"), [Money("0", "USD"), Money("0", "USD")]) == [
        Money("7.00", "USD"),
        Money("0.00", "USD"),
    ]


@given(
    total=st.integers(min_value=0, max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=8),
)
def test_split_parts_always_sum_to_the_total_and_follow_the_weights(total, weights):
    parts = split_by_weights(
        Money(Decimal(total) / 100, "USD"), [Money(Decimal(w) / 100, "USD") for w in weights]
    )
    cents = [iso_minor_units(part) for part in parts]
    assert sum(cents) == total
    weight_sum = sum(weights)
    if weight_sum:
        # Each part is its exact proportional share rounded down or up by less than one cent.
        for part, weight in zip(cents, weights, strict=True):
            assert abs(part * weight_sum - total * weight) < weight_sum
