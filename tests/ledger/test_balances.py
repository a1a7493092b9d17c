"""Running fund balances: fund totals and reports read them, and they always equal the entries.

The oracle sums the entries row by row in Python (exact Decimals), by the report's definition:
per fund, what was credited to it (revenue and covered fees) minus the processing fees charged to
it, net of every refund, dispute and mirror; it never reads the balance table or calls the report.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from djmoney.money import Money

from ledger import selectors, services
from ledger.models import Entry, EntryRole, FundDayBalance
from ledger.types import Channel, RevenueLine, RuleTarget
from tests.fixtures.ledger_factories import rule_create

pytestmark = pytest.mark.django_db

RECEIVED_ROLES = {EntryRole.REVENUE, EntryRole.FEE_COVER}


def usd(amount):
    return Money(amount, "USD")


def oracle_net_by_fund(*, start=None, end=None, channel=None) -> dict[str, Decimal]:
    """Net money each fund kept, from the entries one by one."""
    net: dict[str, Decimal] = defaultdict(Decimal)
    for entry in Entry.objects.select_related("fund").filter(fund__isnull=False):
        if start and not start <= entry.occurred_on <= end:
            continue
        if channel and entry.channel != channel:
            continue
        if entry.role in RECEIVED_ROLES or entry.role == EntryRole.FEE:
            net[entry.fund.slug] -= entry.amount.amount
    return {slug: total for slug, total in net.items() if total}


def report_net_by_fund(**kwargs) -> dict[str, Decimal]:
    net: dict[str, Decimal] = defaultdict(Decimal)
    for row in selectors.fund_totals(**kwargs):
        net[row.fund_slug] += row.received.amount - row.fees.amount
    return {slug: total for slug, total in net.items() if total}


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def busy_books(shop_default_rule, most_needed_rule):
    """Three months of mixed postings: orders with several lines under different rules, gifts with
    covered fees, partial and full refunds, a dispute lost with its fee, a refund that failed."""
    rule_create(
        target="product",
        key="42",
        remainder="materials",
        percentages={"survivor-wages": Decimal(60)},
        effective_from=dt.date(2020, 1, 1),
    )
    days = [dt.date(2026, 4, 3), dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 6, 15)]
    for number, day in enumerate(days, start=1):
        services.payment_post(
            source=f"order:B-{number}",
            occurred_at=at(day),
            channel=Channel.SHOP,
            revenue=[
                RevenueLine(
                    amount=usd("37.50"), target=RuleTarget.PRODUCT, key="42", quantity=3, reference="l1"
                ),
                RevenueLine(
                    amount=usd("19.99"), target=RuleTarget.PRODUCT, key="7", quantity=1, reference="l2"
                ),
            ],
            shipping=usd("6.95"),
            tax=usd("4.12"),
            fee=usd("2.41"),
        )
        services.payment_post(
            source=f"donation:G-{number}",
            occurred_at=at(day, 18),
            channel=Channel.DONATIONS,
            revenue=[
                RevenueLine(amount=usd("51.75"), target=RuleTarget.DESIGNATION, key="most-needed"),
                RevenueLine(amount=usd("25.00"), target=RuleTarget.DESIGNATION, key="counseling"),
            ],
            shipping=usd("0"),
            tax=usd("0"),
            fee=usd("2.53"),
            fee_covered=usd("1.75"),
        )
    services.reversal_post(
        source="order:B-1", kind="refund:re_1", amount=usd("20.00"), occurred_at=at(days[1])
    )
    services.reversal_post(
        source="order:B-2", kind="refund:re_2", amount=usd("68.56"), occurred_at=at(days[2])
    )
    services.reversal_post(
        source="donation:G-3", kind="dispute:dp_1", amount=usd("51.75"), occurred_at=at(days[3])
    )
    services.fee_post(
        source="donation:G-3", kind="dispute-fee:dp_1", amount=usd("15.00"), occurred_at=at(days[3])
    )
    services.reversal_post(
        source="order:B-4", kind="refund:re_4", amount=usd("10.00"), occurred_at=at(days[3])
    )
    services.posting_reverse(
        source="order:B-4", kind="refund-failed:re_4", reverses_kind="refund:re_4", occurred_at=at(days[3])
    )


def test_fund_totals_over_the_year_agree_with_the_entries_after_refunds_disputes_and_mirrors(busy_books):
    year = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    expected = oracle_net_by_fund(**year)
    assert set(expected) >= {"survivor-wages", "materials", "operations", "counseling"}
    for period in ("day", "month", "year"):
        assert report_net_by_fund(period=period, **year) == expected


def test_a_month_and_a_channel_agree_with_the_entries(busy_books):
    april = {"start": dt.date(2026, 4, 1), "end": dt.date(2026, 4, 30)}
    assert report_net_by_fund(period="month", **april) == oracle_net_by_fund(**april)
    assert report_net_by_fund(period="month", channel="donations", **april) == oracle_net_by_fund(
        channel="donations", **april
    )
    by_channel = defaultdict(Decimal)
    for row in selectors.fund_totals(period="year", by_channel=True, **april):
        by_channel[(row.channel, row.fund_slug)] += row.received.amount - row.fees.amount
    assert (
        by_channel[("shop", "survivor-wages")]
        == oracle_net_by_fund(channel="shop", **april)["survivor-wages"]
    )


def test_the_public_fund_figures_agree_with_the_entries(busy_books):
    expected = oracle_net_by_fund()
    figures = {figure.fund_slug: figure.total.amount for figure in selectors.impact_figures()}
    for slug, total in expected.items():
        if slug in figures:
            assert figures[slug] == total
    assert figures["counseling"] == expected["counseling"]


def test_the_check_command_proves_the_balances_agree_with_the_entries(busy_books):
    out = StringIO()
    call_command("ledger_balances_check", stdout=out)
    assert "agree with the entries" in out.getvalue()
    checked, differences = selectors.balance_differences()
    assert differences == []
    assert checked == FundDayBalance.objects.count() > 10


def test_the_check_command_reports_a_tampered_balance_and_rebuild_repairs_it(busy_books):
    row = FundDayBalance.objects.filter(role=EntryRole.REVENUE).order_by("pk").first()
    FundDayBalance.objects.filter(pk=row.pk).update(total_thousandths=row.total_thousandths - 10)
    FundDayBalance.objects.filter(role=EntryRole.FEE).order_by("pk").first().delete()
    out = StringIO()
    with pytest.raises(CommandError, match=r"2 of \d+ fund balance row\(s\) disagree"):
        call_command("ledger_balances_check", stdout=out)
    assert f"{row.occurred_on}" in out.getvalue()
    assert "holds" in out.getvalue()
    out = StringIO()
    call_command("ledger_balances_check", "--rebuild", stdout=out)
    assert "agree with the entries" in out.getvalue()
    assert report_net_by_fund(period="year", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)) == (
        oracle_net_by_fund()
    )


def test_a_posting_rolled_back_leaves_the_balances_untouched(shop_default_rule, ledger_now):
    services.payment_post(
        source="order:kept",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=usd("80.00"), target=RuleTarget.PRODUCT, key="7")],
        shipping=usd("0"),
        tax=usd("0"),
        fee=None,
    )
    before = selectors.balances_stored()

    def order_that_fails_after_posting():
        with transaction.atomic():
            services.payment_post(
                source="order:rolled-back",
                occurred_at=ledger_now,
                channel=Channel.SHOP,
                revenue=[RevenueLine(amount=usd("55.00"), target=RuleTarget.PRODUCT, key="7")],
                shipping=usd("0"),
                tax=usd("0"),
                fee=None,
            )
            raise RuntimeError("the order failed after posting")

    with pytest.raises(RuntimeError):
        order_that_fails_after_posting()
    assert selectors.balances_stored() == before
    assert selectors.balance_differences()[1] == []


def test_a_duplicate_posting_adds_nothing(shop_default_rule, ledger_now):
    for _ in range(3):
        services.payment_post(
            source="order:again",
            occurred_at=ledger_now,
            channel=Channel.SHOP,
            revenue=[RevenueLine(amount=usd("100.00"), target=RuleTarget.PRODUCT, key="7", quantity=2)],
            shipping=usd("0"),
            tax=usd("0"),
            fee=usd("3.20"),
        )
    assert report_net_by_fund(period="year", start=ledger_now.date(), end=ledger_now.date()) == {
        "survivor-wages": Decimal("45.000"),
        "materials": Decimal("20.000"),
        "operations": Decimal("31.800"),
    }


def test_reading_the_years_report_takes_a_constant_number_of_queries(
    busy_books, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        selectors.fund_totals(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), period="month")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_postings_and_refunds_keep_the_balances_exact(shop_default_rule, ledger_now):
    """Eight workers post payments and refunds on the same day and funds at once (every one adds to
    the same balance rows): no update is lost and none deadlocks."""
    from tests.ledger.test_concurrency import _race

    counter = iter(range(1000))

    def post_and_refund():
        number = next(counter)
        services.payment_post(
            source=f"order:par-{number}",
            occurred_at=ledger_now,
            channel=Channel.SHOP,
            revenue=[
                RevenueLine(amount=usd(f"{40 + number}.37"), target=RuleTarget.PRODUCT, key="7", quantity=2),
            ],
            shipping=usd("5.00"),
            tax=usd("1.10"),
            fee=usd("1.93"),
        )
        services.reversal_post(
            source=f"order:par-{number}",
            kind="refund:part",
            amount=usd("13.13"),
            occurred_at=ledger_now,
        )
        return number

    for _ in range(3):
        results, errors = _race(post_and_refund, count=8)
        assert errors == []
        assert len(results) == 8
    assert connection.vendor == "postgresql"
    assert selectors.balance_differences()[1] == []
    day = ledger_now.date()
    assert report_net_by_fund(period="day", start=day, end=day) == oracle_net_by_fund(start=day, end=day)
    assert sum(count for _total, count in selectors.balances_stored().values()) == (
        Entry.objects.filter(fund__isnull=False).count()
    )
