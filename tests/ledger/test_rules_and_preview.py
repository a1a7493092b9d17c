"""Rule versions by effective date, fallbacks, and the impact preview shown to buyers."""

import datetime as dt
from decimal import Decimal

import pytest
from djmoney.money import Money

from ledger import selectors, services
from ledger.models import Entry
from ledger.types import Channel, RevenueLine, RuleTarget
from tests.fixtures.ledger_factories import rule_create

pytestmark = pytest.mark.django_db


def usd(amount):
    return Money(amount, "USD")


def test_the_newest_version_effective_on_the_date_applies():
    old = rule_create(target="product", key="5", remainder="materials", effective_from=dt.date(2025, 1, 1))
    new = rule_create(
        target="product", key="5", remainder="survivor-wages", effective_from=dt.date(2026, 1, 1)
    )
    assert selectors.rule_for(target=RuleTarget.PRODUCT, key="5", on=dt.date(2024, 12, 31)) is None
    assert selectors.rule_for(target=RuleTarget.PRODUCT, key="5", on=dt.date(2025, 6, 1)) == old
    assert selectors.rule_for(target=RuleTarget.PRODUCT, key="5", on=dt.date(2026, 1, 1)) == new


def test_fallback_keys_are_tried_in_order():
    category = rule_create(target="category", key="2", remainder="materials")
    box = rule_create(target="box", key="9", remainder="survivor-wages")
    found = selectors.rule_for(
        target=RuleTarget.PRODUCT,
        key="404",
        on=dt.date(2026, 1, 1),
        fallback_keys=((RuleTarget.BOX, "9"), (RuleTarget.CATEGORY, "2")),
    )
    assert found == box
    assert (
        selectors.rule_for(
            target=RuleTarget.PRODUCT,
            key="404",
            on=dt.date(2026, 1, 1),
            fallback_keys=((RuleTarget.CATEGORY, "2"),),
        )
        == category
    )


def test_a_posting_keeps_the_version_it_was_split_by(ledger_now):
    old = rule_create(target="default", key="shop", remainder="materials", effective_from=dt.date(2025, 1, 1))
    services.payment_post(
        source="order:old",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=usd("10.00"), target=RuleTarget.PRODUCT, key="1")],
        shipping=usd(0),
        tax=usd(0),
        fee=None,
    )
    new = rule_create(
        target="default",
        key="shop",
        remainder="survivor-wages",
        effective_from=ledger_now.date() + dt.timedelta(days=1),
    )
    services.payment_post(
        source="order:new",
        occurred_at=ledger_now + dt.timedelta(days=2),
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=usd("10.00"), target=RuleTarget.PRODUCT, key="1")],
        shipping=usd(0),
        tax=usd(0),
        fee=None,
    )
    assert set(
        Entry.objects.filter(posting__source="order:old", role="revenue").values_list("rule", flat=True)
    ) == {old.pk}
    assert set(
        Entry.objects.filter(posting__source="order:new", role="revenue").values_list("rule", flat=True)
    ) == {new.pk}
    assert selectors.rule_usage_count(rule=old) == 1


def test_impact_preview_says_what_a_purchase_funds(shop_default_rule):
    lines = selectors.impact_preview(
        revenue=[RevenueLine(amount=usd("60.00"), target=RuleTarget.PRODUCT, key="1", quantity=2)],
        on=dt.date(2026, 6, 1),
    )
    by_fund = {line.fund_slug: line for line in lines}
    assert by_fund["survivor-wages"].amount == usd("27.00")
    assert by_fund["survivor-wages"].units == Decimal("1.5")
    assert by_fund["survivor-wages"].unit_label == "hour of survivor wages"
    assert by_fund["materials"].units is None
    assert [line.fund_slug for line in lines] == ["survivor-wages", "materials", "operations"]


def test_impact_preview_uses_labour_minutes_at_the_wage_rate():
    rule_create(
        target="product",
        key="77",
        remainder="operations",
        per_labour_minute={"survivor-wages": Money("0.30", "USD")},
    )
    lines = selectors.impact_preview(
        revenue=[
            RevenueLine(
                amount=usd("40.00"),
                target=RuleTarget.PRODUCT,
                key="77",
                quantity=2,
                labour_minutes=Decimal(45),
            )
        ]
    )
    wages = next(line for line in lines if line.fund_slug == "survivor-wages")
    assert wages.amount == usd("27.00")  # 2 x 45 minutes x 0.30
    assert wages.units == Decimal("1.5")


def test_impact_preview_of_a_designated_gift():
    lines = selectors.impact_preview(
        revenue=[RevenueLine(amount=usd("150.00"), target=RuleTarget.DESIGNATION, key="counseling")]
    )
    assert [(line.fund_slug, line.units) for line in lines] == [("counseling", Decimal("2.0"))]


def test_impact_preview_reads_the_database_a_bounded_number_of_times(
    shop_default_rule, django_assert_max_num_queries
):
    lines = [RevenueLine(amount=usd("10.00"), target=RuleTarget.PRODUCT, key=str(i)) for i in range(5)]
    with django_assert_max_num_queries(5 * 6 + 2):
        selectors.impact_preview(revenue=lines)


def test_fund_totals_by_day_month_and_year(shop_default_rule, ledger_now):
    for days, source in ((0, "order:a"), (1, "order:b"), (40, "order:c")):
        services.payment_post(
            source=source,
            occurred_at=ledger_now + dt.timedelta(days=days),
            channel=Channel.SHOP,
            revenue=[RevenueLine(amount=usd("100.00"), target=RuleTarget.PRODUCT, key="1")],
            shipping=usd(0),
            tax=usd(0),
            fee=None,
        )
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)

    def wages(period):
        return [
            (row.period_start, row.received)
            for row in selectors.fund_totals(start=start, end=end, period=period)
            if row.fund_slug == "survivor-wages"
        ]

    assert wages("day") == [
        (dt.date(2026, 6, 15), usd("45.00")),
        (dt.date(2026, 6, 16), usd("45.00")),
        (dt.date(2026, 7, 25), usd("45.00")),
    ]
    assert wages("month") == [(dt.date(2026, 6, 1), usd("90.00")), (dt.date(2026, 7, 1), usd("45.00"))]
    assert wages("year") == [(dt.date(2026, 1, 1), usd("135.00"))]
    with pytest.raises(ValueError, match="period"):
        selectors.fund_totals(start=start, end=end, period="week")


def test_fund_totals_count_local_days(shop_default_rule):
    import zoneinfo

    # 23:30 in Chicago on 30 June is already 1 July in UTC: the report follows the organisation's clock.
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    services.payment_post(
        source="order:late",
        occurred_at=late,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=usd("100.00"), target=RuleTarget.PRODUCT, key="1")],
        shipping=usd(0),
        tax=usd(0),
        fee=None,
    )
    rows = selectors.fund_totals(start=dt.date(2026, 6, 1), end=dt.date(2026, 7, 31), period="month")
    assert {row.period_start for row in rows} == {dt.date(2026, 6, 1)}


def test_allocation_rule_create_makes_a_validated_version():
    rule = services.allocation_rule_create(
        name="Counseling drive",
        target=RuleTarget.DESIGNATION,
        key="drive",
        effective_from=dt.date(2026, 1, 1),
        remainder_fund="counseling",
        shares=(services.ShareInput(fund="mental-health-therapy", percentage=Decimal(25)),),
    )
    assert [share.fund.slug for share in rule.shares.all()] == ["mental-health-therapy"]
    with pytest.raises(services.LedgerError, match="already starts"):
        services.allocation_rule_create(
            name="Again",
            target=RuleTarget.DESIGNATION,
            key="drive",
            effective_from=dt.date(2026, 1, 1),
            remainder_fund="counseling",
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"shares": (services.ShareInput(fund="counseling", percentage=Decimal(101)),)}, "over 100"),
        ({"remainder_fund": ""}, "remainder fund"),
        ({"remainder_fund": "nope"}, "Unknown funds: nope"),
    ],
)
def test_allocation_rule_create_refuses_invalid_rules(kwargs, message):
    arguments = {
        "name": "Bad",
        "target": RuleTarget.DEFAULT,
        "key": "events",
        "effective_from": dt.date(2026, 1, 1),
        "remainder_fund": "operations",
        **kwargs,
    }
    with pytest.raises(services.LedgerError, match=message):
        services.allocation_rule_create(**arguments)
