"""The pure allocation function: exact splits, deterministic rounding, valid rules only."""

from decimal import Decimal

import pytest
from djmoney.money import Money
from hypothesis import given
from hypothesis import strategies as st

from ledger.allocation import (
    PER_LABOUR_MINUTE,
    PER_UNIT,
    AllocationError,
    RuleSpec,
    Share,
    allocate,
    currency_exponent,
    rule_errors,
    split_proportionally,
    to_minor,
)

SHOP = RuleSpec(
    shares=(
        Share(fund="survivor-wages", percentage=Decimal(45)),
        Share(fund="materials", percentage=Decimal(20)),
    ),
    remainder_fund="operations",
)


def as_dict(legs):
    return {leg.account: leg.amount for leg in legs}


def test_percentages_then_remainder_split_a_round_amount_exactly():
    legs = as_dict(allocate(amount=Money("100.00", "USD"), rule=SHOP))
    assert legs == {
        "survivor-wages": Money("45.00", "USD"),
        "materials": Money("20.00", "USD"),
        "operations": Money("35.00", "USD"),
    }


def test_a_cent_that_cannot_be_split_evenly_goes_to_the_largest_fractional_part():
    thirds = RuleSpec(
        shares=(Share(fund="a", percentage=Decimal("33.333")), Share(fund="b", percentage=Decimal("33.333"))),
        remainder_fund="c",
    )
    legs = as_dict(allocate(amount=Money("0.10", "USD"), rule=thirds))
    assert sum(legs.values(), Money(0, "USD")) == Money("0.10", "USD")
    # 3.3333 cents each, with c slightly larger (3.3334): c wins the leftover cent.
    assert legs == {"a": Money("0.03", "USD"), "b": Money("0.03", "USD"), "c": Money("0.04", "USD")}


def test_ties_go_to_the_earlier_share_so_the_result_is_deterministic():
    halves = RuleSpec(shares=(Share(fund="a", percentage=Decimal(50)),), remainder_fund="b")
    legs = as_dict(allocate(amount=Money("0.01", "USD"), rule=halves))
    assert legs == {"a": Money("0.01", "USD")}
    assert as_dict(allocate(amount=Money("0.01", "USD"), rule=halves)) == legs


def test_labour_minutes_at_a_wage_rate_come_first_and_percentages_apply_to_the_rest():
    rule = RuleSpec(
        shares=(
            Share(fund="survivor-wages", basis=PER_LABOUR_MINUTE, amount=Money("0.30", "USD")),
            Share(fund="materials", percentage=Decimal(50)),
        ),
        remainder_fund="operations",
    )
    # 2 items x 40 minutes x 0.30 = 24.00 to wages; half of the remaining 26.00 to materials.
    legs = as_dict(allocate(amount=Money("50.00", "USD"), rule=rule, quantity=2, labour_minutes=Decimal(40)))
    assert legs == {
        "survivor-wages": Money("24.00", "USD"),
        "materials": Money("13.00", "USD"),
        "operations": Money("13.00", "USD"),
    }


def test_fixed_shares_are_capped_at_the_line_amount():
    rule = RuleSpec(
        shares=(Share(fund="survivor-wages", basis=PER_UNIT, amount=Money("30.00", "USD")),),
        remainder_fund="operations",
    )
    legs = as_dict(allocate(amount=Money("50.00", "USD"), rule=rule, quantity=3))
    assert legs == {"survivor-wages": Money("50.00", "USD")}


def test_a_fixed_share_in_another_currency_is_left_to_the_remainder_fund():
    rule = RuleSpec(
        shares=(Share(fund="survivor-wages", basis=PER_UNIT, amount=Money("5.00", "USD")),),
        remainder_fund="operations",
    )
    assert as_dict(allocate(amount=Money(1000, "JPY"), rule=rule)) == {"operations": Money(1000, "JPY")}


def test_yen_split_in_whole_yen_and_dinar_in_fils():
    yen = as_dict(allocate(amount=Money(1001, "JPY"), rule=SHOP))
    assert all(leg.amount == leg.amount.to_integral_value() for leg in yen.values())
    assert sum(leg.amount for leg in yen.values()) == 1001
    dinar = as_dict(allocate(amount=Money("10.001", "KWD"), rule=SHOP))
    assert sum(leg.amount for leg in dinar.values()) == Decimal("10.001")
    # 4500.45 / 2000.2 / 3500.35 fils: the leftover fil goes to the largest fraction (wages).
    assert dinar == {
        "survivor-wages": Money("4.501", "KWD"),
        "materials": Money("2.000", "KWD"),
        "operations": Money("3.500", "KWD"),
    }


def test_currency_exponents_follow_iso():
    assert (currency_exponent("USD"), currency_exponent("JPY"), currency_exponent("KWD")) == (2, 0, 3)


def test_amounts_finer_than_the_currency_are_refused():
    with pytest.raises(AllocationError, match="more decimals"):
        to_minor(Money("1.5", "JPY"))


def test_negative_amounts_are_refused():
    with pytest.raises(AllocationError):
        allocate(amount=Money("-1.00", "USD"), rule=SHOP)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            RuleSpec(
                shares=(Share(fund="a", percentage=Decimal(60)), Share(fund="b", percentage=Decimal(50))),
                remainder_fund="c",
            ),
            "add up to 110 %",
        ),
        (RuleSpec(shares=(Share(fund="a", percentage=Decimal(120)),), remainder_fund="c"), "over 100 %"),
        (
            RuleSpec(shares=(Share(fund="a", percentage=Decimal(-5)),), remainder_fund="c"),
            "negative percentage",
        ),
        (RuleSpec(shares=(Share(fund="a", percentage=Decimal(10)),), remainder_fund=""), "remainder fund"),
        (
            RuleSpec(
                shares=(Share(fund="a", basis=PER_UNIT, amount=Money("-1", "USD")),), remainder_fund="c"
            ),
            "negative amount",
        ),
        (RuleSpec(shares=(Share(fund="a", basis=PER_UNIT),), remainder_fund="c"), "needs an amount"),
    ],
)
def test_invalid_rules_are_explained_and_refused(rule, message):
    assert any(message in error for error in rule_errors(rule))
    with pytest.raises(AllocationError, match=message):
        allocate(amount=Money("10.00", "USD"), rule=rule)


# --- Properties ---------------------------------------------------------------------------------

currencies = st.sampled_from(["USD", "JPY", "KWD"])
funds = st.sampled_from(["survivor-wages", "counseling", "materials", "operations", "care-management"])


@st.composite
def rules(draw, currency):
    shares = []
    budget = Decimal(100)
    for _ in range(draw(st.integers(0, 5))):
        basis = draw(st.sampled_from(["percentage", PER_UNIT, PER_LABOUR_MINUTE]))
        if basis == "percentage":
            percentage = draw(st.decimals(min_value=0, max_value=budget, places=3))
            budget -= percentage
            shares.append(Share(fund=draw(funds), percentage=percentage))
        else:
            amount = draw(st.decimals(min_value=0, max_value=50, places=4))
            shares.append(Share(fund=draw(funds), basis=basis, amount=Money(amount, currency)))
    return RuleSpec(shares=tuple(shares), remainder_fund=draw(funds))


@st.composite
def amounts(draw, currency):
    exponent = currency_exponent(currency)
    units = draw(st.integers(min_value=0, max_value=10**9))
    return Money(Decimal(units).scaleb(-exponent), currency)


@st.composite
def allocation_cases(draw):
    currency = draw(currencies)
    return (
        draw(amounts(currency)),
        draw(rules(currency)),
        draw(st.integers(0, 50)),
        draw(st.decimals(min_value=0, max_value=600, places=2)),
    )


@given(allocation_cases())
def test_splits_always_sum_exactly_to_the_amount_in_whole_minor_units(case):
    amount, rule, quantity, minutes = case
    legs = allocate(amount=amount, rule=rule, quantity=quantity, labour_minutes=minutes)
    assert sum((leg.amount for leg in legs), Money(0, amount.currency)) == amount
    assert all(leg.amount.amount > 0 for leg in legs)
    assert all(to_minor(leg.amount) is not None for leg in legs)
    assert len({leg.account for leg in legs}) == len(legs)
    assert allocate(amount=amount, rule=rule, quantity=quantity, labour_minutes=minutes) == legs


@given(
    st.lists(st.integers(0, 10**7), min_size=1, max_size=8),
    st.data(),
)
def test_proportional_parts_sum_to_the_total_and_never_exceed_their_weight(weights, data):
    total = data.draw(st.integers(0, sum(weights)))
    if sum(weights) == 0:
        total = 0
    parts = split_proportionally(total=total, weights=weights)
    assert sum(parts) == total
    assert all(0 <= part <= weight for part, weight in zip(parts, weights, strict=True))
