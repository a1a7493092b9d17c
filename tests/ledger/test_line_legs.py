"""Line-level legs: every source line's legs are what the rule's definition gives (tests/fixtures/oracle.py),
each line balances on its own, a line refund reverses exactly that line, and a full refund returns
every fund to zero. Checked on the pure leg functions and through the ledger's services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import services
from ledger.allocation import RuleSpec, Share
from ledger.errors import ReversalExceedsError
from ledger.impact import unit_phrase
from ledger.legs import LineRule, payment_legs, reversal_legs
from ledger.models import Entry, Posting, stored_total
from ledger.types import Channel, RevenueLine, RuleTarget
from tests.fixtures import oracle
from tests.fixtures.ledger_factories import rule_create

FUNDS = ["survivor-wages", "materials", "counseling", "care-management"]
_keys = itertools.count(1000)


def usd(cents: int) -> Money:
    return Money(Decimal(cents) / 100, "USD")


@st.composite
def rules(draw):
    """A rule as both the ledger's RuleSpec and the oracle's plain description."""
    shares, described = [], []
    percent_left = 100
    for fund in draw(st.lists(st.sampled_from(FUNDS), max_size=3, unique=True)):
        kind = draw(st.sampled_from(["percent", "per_unit", "per_minute"]))
        if kind == "percent":
            value = Decimal(draw(st.integers(min_value=0, max_value=percent_left)))
            percent_left -= int(value)
            shares.append(Share(fund=fund, basis="percentage", percentage=value))
        else:
            value = Decimal(draw(st.integers(min_value=0, max_value=4000))) / 100
            if kind == "per_minute":
                value = value / 100  # cents per minute, e.g. 0.30
            basis = "per_unit" if kind == "per_unit" else "per_labour_minute"
            shares.append(Share(fund=fund, basis=basis, amount=Money(value, "USD")))
        described.append(oracle.OracleShare(fund, kind, value))
    return RuleSpec(shares=tuple(shares), remainder_fund="operations"), oracle.OracleRule(
        tuple(described), "operations"
    )


lines_strategy = st.lists(
    st.tuples(
        rules(),
        st.integers(min_value=0, max_value=50_000),  # line amount in cents
        st.integers(min_value=1, max_value=10),  # quantity
        st.integers(min_value=0, max_value=240),  # labour minutes of one unit
    ),
    min_size=1,
    max_size=6,
)


def _line_rules(drawn):
    return [
        LineRule(
            line=RevenueLine(
                amount=usd(cents),
                target=RuleTarget.PRODUCT,
                key=str(index),
                quantity=quantity,
                labour_minutes=Decimal(minutes),
                reference=f"L{index}",
            ),
            rule_id=None,
            spec=spec,
        )
        for index, ((spec, _described), cents, quantity, minutes) in enumerate(drawn)
    ]


def _cents(money: Money) -> int:
    return oracle.cents(money.amount)


def _revenue_by_line(legs) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for leg in legs:
        if leg.role == "revenue":
            result.setdefault(leg.line, {})
            result[leg.line] = oracle.add(result[leg.line], {leg.account: -_cents(leg.amount)})
    return {line: funds for line, funds in result.items() if funds}


@settings(max_examples=300, deadline=None)
@given(
    drawn=lines_strategy,
    shipping=st.integers(min_value=0, max_value=2000),
    tax=st.integers(min_value=0, max_value=2000),
    fee=st.integers(min_value=0, max_value=900),
    k=st.integers(min_value=0, max_value=5),
)
def test_each_line_books_what_its_rule_says_and_a_line_refund_reverses_exactly_that_line(
    drawn, shipping, tax, fee, k
):
    if sum(cents for _r, cents, _q, _m in drawn) + shipping + tax == 0:
        return
    legs = payment_legs(
        currency="USD", lines=_line_rules(drawn), shipping=usd(shipping), tax=usd(tax), fee=usd(fee)
    )

    expected = {
        f"L{i}": oracle.split_line(amount_cents=cents, rule=described, quantity=q, minutes=Decimal(m))
        for i, ((_spec, described), cents, q, m) in enumerate(drawn)
    }
    assert _revenue_by_line(legs) == {line: funds for line, funds in expected.items() if funds}
    for line in {leg.line for leg in legs}:
        assert sum(_cents(leg.amount) for leg in legs if leg.line == line) == 0, line

    reversible = [leg for leg in legs if leg.role in ("gross", "revenue", "fee_cover", "tax", "shipping")]
    ref = f"L{k % len(drawn)}"
    line_cents = drawn[k % len(drawn)][1]
    if line_cents:
        back = reversal_legs(remaining=reversible, currency="USD", lines={ref: usd(line_cents)})
        assert sorted((leg.key, _cents(leg.amount)) for leg in back) == sorted(
            (leg.key, -_cents(leg.amount)) for leg in reversible if leg.line == ref
        )
    # Everything given back: every account returns to zero.
    total = sum(_cents(leg.amount) for leg in reversible if leg.amount.amount > 0)
    back = reversal_legs(remaining=reversible, currency="USD", amount=usd(total))
    left: dict[tuple, int] = {}
    for leg in [*reversible, *back]:
        left[leg.key] = left.get(leg.key, 0) + _cents(leg.amount)
    assert not any(left.values())
    with pytest.raises(ReversalExceedsError):
        reversal_legs(remaining=reversible, currency="USD", amount=usd(total + 1))


@settings(max_examples=200, deadline=None)
@given(
    rule=rules(),
    unit_cents=st.integers(min_value=1, max_value=20_000),
    n=st.integers(min_value=2, max_value=10),
    minutes=st.integers(min_value=0, max_value=240),
)
def test_n_units_fund_n_times_one_unit_when_no_cap_binds(rule, unit_cents, n, minutes):
    spec, described = rule

    def funds(quantity):
        line = LineRule(
            line=RevenueLine(
                amount=usd(unit_cents * quantity),
                target=RuleTarget.PRODUCT,
                key="1",
                quantity=quantity,
                labour_minutes=Decimal(minutes),
                reference="L",
            ),
            rule_id=None,
            spec=spec,
        )
        return _revenue_by_line(payment_legs(currency="USD", lines=[line], shipping=usd(0), tax=usd(0))).get(
            "L", {}
        )

    one, many = funds(1), funds(n)
    assert many == oracle.split_line(
        amount_cents=unit_cents * n, rule=described, quantity=n, minutes=Decimal(minutes)
    )
    exact_one = oracle.split_line(
        amount_cents=unit_cents, rule=described, quantity=1, minutes=Decimal(minutes)
    )
    if not oracle.cap_binds(
        amount_cents=unit_cents * n, rule=described, quantity=n, minutes=Decimal(minutes)
    ):
        # Up to the cent that largest-remainder rounding gives one unit, n units are n x one unit.
        for fund in set(one) | set(many):
            assert abs(many.get(fund, 0) - n * exact_one.get(fund, 0)) <= n


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(st.integers(min_value=100, max_value=20_000), min_size=1, max_size=6),
    quantities=st.lists(st.integers(min_value=1, max_value=10), min_size=6, max_size=6),
    shipping=st.integers(min_value=0, max_value=1500),
    k=st.integers(min_value=0, max_value=5),
)
def test_booked_through_the_services_each_fund_equals_the_oracle_and_refunds_undo_it(
    shop_default_rule, amounts, quantities, shipping, k
):
    """On the database (SQLite and PostgreSQL): payment_post and reversal_post book what the oracle says."""
    key = next(_keys)
    rule_create(
        target="product",
        key=str(key),
        remainder="operations",
        per_labour_minute={"survivor-wages": Money("0.30", "USD")},
        percentages={"materials": Decimal(20)},
        effective_from=dt.date(2020, 1, 1),
    )
    described = oracle.OracleRule(
        (
            oracle.OracleShare("survivor-wages", "per_minute", Decimal("0.30")),
            oracle.OracleShare("materials", "percent", 20),
        ),
        "operations",
    )
    source = f"order:HW-PROP{key}"
    revenue = [
        RevenueLine(
            amount=usd(cents),
            target=RuleTarget.PRODUCT,
            key=str(key),
            quantity=quantities[i],
            labour_minutes=Decimal(45),
            reference=f"{source}-L{i}",
        )
        for i, cents in enumerate(amounts)
    ]
    services.payment_post(
        source=source,
        occurred_at=timezone.now(),
        channel=Channel.SHOP,
        revenue=revenue,
        shipping=usd(shipping),
        tax=usd(0),
        fee=usd(99),
    )

    def booked(**filters):
        rows = (
            Entry.objects.filter(posting__source=source, role="revenue", **filters)
            .values("account__slug")
            .annotate(t=Sum("amount"))
        )
        return {
            row["account__slug"]: -oracle.cents(stored_total(row["t"]))
            for row in rows
            if stored_total(row["t"])
        }

    expected: dict[str, int] = {}
    for i, cents in enumerate(amounts):
        split = oracle.split_line(
            amount_cents=cents, rule=described, quantity=quantities[i], minutes=Decimal(45)
        )
        assert booked(line=f"{source}-L{i}") == split
        expected = oracle.add(expected, split)
    assert booked() == expected

    ref = f"{source}-L{k % len(amounts)}"
    others = {r.reference: booked(line=r.reference) for r in revenue if r.reference != ref}
    services.reversal_post(
        source=source,
        kind="refund:line",
        occurred_at=timezone.now(),
        lines={ref: usd(amounts[k % len(amounts)])},
    )
    assert booked(line=ref) == {}
    assert {r: booked(line=r) for r in others} == others

    left = sum(amounts) + shipping - amounts[k % len(amounts)]
    if left:
        services.reversal_post(
            source=source, kind="refund:rest", occurred_at=timezone.now(), amount=usd(left)
        )
    assert booked() == {}
    for posting in Posting.objects.filter(source=source):
        assert stored_total(posting.entries.aggregate(t=Sum("amount"))["t"]) == 0


@pytest.mark.parametrize(
    ("units", "label", "words"),
    [
        (Decimal("1"), "hour of survivor wages", "1 hour of survivor wages"),
        (Decimal("1.0"), "hour of survivor wages", "1 hour of survivor wages"),
        (Decimal("12.2"), "hour of survivor wages", "12.2 hours of survivor wages"),
        (Decimal("0.5"), "hour of survivor wages", "0.5 hours of survivor wages"),
        (Decimal("1"), "counseling session", "1 counseling session"),
        (Decimal("4"), "counseling session", "4 counseling sessions"),
        (Decimal("3"), "week of care management", "3 weeks of care management"),
        (Decimal("2"), "therapy hour", "2 therapy hours"),
        (Decimal("2"), "box of supplies", "2 boxes of supplies"),
        (Decimal("3"), "family", "3 families"),
    ],
)
def test_units_read_as_people_write_them(units, label, words):
    assert unit_phrase(units, label) == words
