"""What a donor types becomes an exact amount or a clear refusal; "cover the fee" is exact to the cent."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money
from hypothesis import given, settings
from hypothesis import strategies as st

from donations.amounts import FeeSchedule, fee_cover_for, parse_amount

STRIPE_US = FeeSchedule(rate=Decimal("0.029"), fixed=Decimal("0.30"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("50", "50.00"),
        ("50.5", "50.50"),
        ("$1,250.00", "1250.00"),
        (" 25 ", "25.00"),
        ("\uff11\uff10\uff10", "100.00"),
        ("25,50", "25.50"),
        ("5,00", "5.00"),
        ("$25,50", "25.50"),
        ("1,000", "1000.00"),
        ("1,000.50", "1000.50"),
        ("12,345.9", "12345.90"),
        ("1.000,50", "1000.50"),
        ("10.000,00", "10000.00"),
        ("1 000", "1000.00"),
        ("1\u00a0000,50", "1000.50"),  # a no-break space, as French locales write it
        ("50.", "50.00"),
    ],
)
def test_ordinary_amounts_are_accepted_exactly(raw, expected):
    assert parse_amount(raw) == Money(expected, "USD")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the amount"),
        ("0", "smallest gift"),
        ("-5", "more than zero"),
        ("1e9", "Enter an amount like"),
        ("NaN", "Enter an amount like"),
        ("Infinity", "Enter an amount like"),
        ("12.3456", "two decimal places"),
        ("1,000.505", "two decimal places"),
        ("12.345", "can't tell which amount"),  # 12.345 dollars, or twelve thousand?
        ("1.000", "can't tell which amount"),
        ("25,5", "can't tell which amount"),
        ("25,500.5,0", "can't tell which amount"),
        ("1,00,000", "can't tell which amount"),
        ("1,000,50", "can't tell which amount"),
        ("2,5000", "can't tell which amount"),
        ("1.000.50", "can't tell which amount"),
        ("5 0", "Enter an amount like"),
        (",50", "Enter an amount like"),
        ("25,50 €", "Enter an amount like"),
        ("1000000000", "limited to $25,000.00"),  # a huge amount is told the maximum, not "like 50"
        ("99999", "limited to"),
        ("4.99", "smallest gift"),
        ("\u0661\u0660\u0660", "Enter an amount like"),  # Arabic-Indic digits: NFKC keeps them
        ("5" * 5000, "Enter an amount like"),
    ],
)
def test_hostile_amounts_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValidationError) as error:
        parse_amount(raw)
    assert message in " ".join(error.value.messages)


def test_a_decimal_comma_is_never_read_as_a_thousands_separator():
    # The reported overcharge: "25,50" was charged as $2,550.00 and "5,00" as $500.00.
    assert parse_amount("25,50") == Money("25.50", "USD")
    assert parse_amount("5,00") == Money("5.00", "USD")


def _us(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def _european(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def _french(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", "\u202f") + f",{cents % 100:02d}"


def _plain_comma(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def _plain_point(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


GIFT_CENTS = st.integers(min_value=500, max_value=2_500_000)


@settings(max_examples=300, deadline=None)
@given(cents=GIFT_CENTS, style=st.sampled_from([_us, _european, _french, _plain_comma, _plain_point]))
def test_every_locale_spelling_of_an_amount_parses_to_that_amount(cents, style):
    typed = style(cents)

    assert parse_amount(typed) == Money(Decimal(cents) / 100, "USD"), typed


@settings(max_examples=300, deadline=None)
@given(whole=st.integers(min_value=5, max_value=24_999), cents=st.integers(min_value=0, max_value=99))
def test_a_comma_before_two_final_digits_is_the_decimal_separator(whole, cents):
    # Oracle from the rule itself: whole units, then hundredths; never the digits run together.
    typed = f"{whole},{cents:02d}"

    assert parse_amount(typed).amount == Decimal(whole) + Decimal(cents) / 100


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=99_999),
    tail=st.text(alphabet="0123456789", min_size=1, max_size=6).filter(lambda t: len(t) not in (2, 3)),
)
def test_a_comma_not_followed_by_cents_or_a_group_of_three_is_refused(whole, tail):
    with pytest.raises(ValidationError) as error:
        parse_amount(f"{whole},{tail}")
    assert error.value.code == "ambiguous"


def test_grouped_millions_parse_when_staff_allow_them():
    assert parse_amount("12,345,678.9", maximum=Decimal("100000000")) == Money("12345678.90", "USD")
    assert parse_amount("12.345.678,90", maximum=Decimal("100000000")) == Money("12345678.90", "USD")
    assert parse_amount("1.000.000", maximum=Decimal("100000000")) == Money("1000000.00", "USD")


def test_only_allowed_currencies_are_accepted():
    with pytest.raises(ValidationError, match="only accept gifts"):
        parse_amount("50", currency="EUR")


def test_limits_come_from_settings(settings):
    settings.DONATIONS_MIN_AMOUNT = "10"
    with pytest.raises(ValidationError):
        parse_amount("9.99")
    assert parse_amount("10") == Money(10, "USD")


@pytest.mark.parametrize(
    ("gift", "charged"),
    [("100.00", "103.30"), ("50.00", "51.80"), ("5.00", "5.46"), ("25.00", "26.06"), ("1000.00", "1030.17")],
)
def test_gross_up_known_values(gift, charged):
    # 1000.30 / 0.971 = 1030.175..., yet 1030.17 already nets 1000.00 after Stripe rounds its fee
    # (29.87 + 0.30): the donor is not asked for a cent more than needed.
    assert STRIPE_US.gross_up(Decimal(gift)) == Decimal(charged)


def _stripe_fee(charged: Decimal) -> Decimal:
    return (charged * Decimal("0.029")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) + Decimal("0.30")


@settings(max_examples=400, deadline=None)
@given(cents=st.integers(min_value=100, max_value=2_500_000))
def test_gross_up_leaves_the_whole_gift_and_is_the_smallest_such_charge(cents):
    gift = Decimal(cents) / 100
    charged = STRIPE_US.gross_up(gift)

    assert charged == charged.quantize(Decimal("0.01"))
    assert charged - _stripe_fee(charged) >= gift
    assert (charged - Decimal("0.01")) - _stripe_fee(charged - Decimal("0.01")) < gift
    # Never more than a cent above the textbook formula (amount + fixed) / (1 - rate).
    assert charged - (gift + Decimal("0.30")) / (1 - Decimal("0.029")) < Decimal("0.02")


@settings(max_examples=100, deadline=None)
@given(
    cents=st.integers(min_value=100, max_value=1_000_000),
    rate=st.sampled_from(["0.022", "0.029", "0.035", "0.0349"]),
    fixed=st.sampled_from(["0.00", "0.30", "0.49"]),
)
def test_gross_up_is_exact_for_any_fee_schedule(cents, rate, fixed):
    schedule = FeeSchedule(rate=Decimal(rate), fixed=Decimal(fixed))
    gift = Decimal(cents) / 100
    charged = schedule.gross_up(gift)
    assert charged - schedule.fee_on(charged) >= gift
    assert charged - Decimal("0.01") - schedule.fee_on(charged - Decimal("0.01")) < gift


def test_fee_cover_uses_the_settings_schedule(settings):
    settings.PAYMENTS_FEE_RATE = "0.029"
    settings.PAYMENTS_FEE_FIXED = "0.30"
    assert fee_cover_for(Money("100.00", "USD")) == Money("3.30", "USD")
