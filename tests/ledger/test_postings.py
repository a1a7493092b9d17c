"""Posting payments, refunds, disputes and fees: exact legs, idempotent, append-only."""

import datetime as dt
from decimal import Decimal

import pytest
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import selectors, services
from ledger.errors import AppendOnlyError, LedgerError, ReversalExceedsError
from ledger.models import Entry, EntryRole, Fund, Posting
from ledger.types import Channel, RevenueLine, RuleTarget
from tests.fixtures.ledger_factories import rule_create

pytestmark = pytest.mark.django_db


def usd(amount):
    return Money(amount, "USD")


def product_line(amount, key="7", **kwargs):
    return RevenueLine(amount=amount, target=RuleTarget.PRODUCT, key=key, **kwargs)


def gift_line(amount, fund="counseling"):
    return RevenueLine(amount=amount, target=RuleTarget.DESIGNATION, key=fund)


def pay(
    source="order:HW-1", *, when, revenue=None, shipping=None, tax=None, fee=None, currency="USD", **kwargs
):
    zero = Money(0, currency)
    return services.payment_post(
        source=source,
        occurred_at=when,
        channel=kwargs.pop("channel", Channel.SHOP),
        revenue=revenue if revenue is not None else [product_line(usd("100.00"))],
        shipping=shipping if shipping is not None else zero,
        tax=tax if tax is not None else zero,
        fee=fee,
        **kwargs,
    )


def balances(posting_or_source):
    """Net amount per (account, role) over a source's postings, as plain Decimals."""
    source = posting_or_source if isinstance(posting_or_source, str) else posting_or_source.source
    totals = {}
    for entry in Entry.objects.filter(posting__source=source).select_related("account"):
        key = (entry.account.slug, entry.role)
        totals[key] = totals.get(key, Decimal(0)) + entry.amount.amount
    return {key: value for key, value in totals.items() if value}


def legs(posting):
    """Amount per (account, role, fund), summed over the rules that produced them."""
    result = {}
    for entry in posting.entries.select_related("account", "fund"):
        key = (entry.account.slug, entry.role, entry.fund.slug if entry.fund else None)
        result[key] = result[key] + entry.amount if key in result else entry.amount
    return result


def test_a_shop_payment_debits_the_stripe_balance_and_credits_funds_by_the_channel_rule(
    shop_default_rule, ledger_now
):
    posting = pay(when=ledger_now, shipping=usd("5.00"), tax=usd("8.25"), fee=usd("3.58"))
    assert legs(posting) == {
        ("stripe-balance", "gross", None): usd("113.25"),
        ("survivor-wages", "revenue", "survivor-wages"): usd("-45.00"),
        ("materials", "revenue", "materials"): usd("-20.00"),
        ("operations", "revenue", "operations"): usd("-35.00"),
        ("shipping-income", "shipping", None): usd("-5.00"),
        ("sales-tax-payable", "tax", None): usd("-8.25"),
        ("processing-fees", "fee", "operations"): usd("3.58"),
        ("stripe-balance", "fee_paid", None): usd("-3.58"),
    }
    assert posting.kind == "payment"
    assert posting.channel == "shop"
    assert set(posting.entries.values_list("rule", flat=True)) == {shop_default_rule.pk, None}


def test_tax_and_shipping_never_become_fund_revenue(shop_default_rule, ledger_now):
    pay(when=ledger_now, revenue=[product_line(usd("10.00"))], shipping=usd("50.00"), tax=usd("40.00"))
    figures = {figure.fund_slug: figure.total for figure in selectors.impact_figures()}
    assert figures["survivor-wages"] == usd("4.50")
    assert figures["materials"] == usd("2.00")
    fund_credits = Entry.objects.filter(account__kind="fund").values_list("amount", flat=True)
    assert sum(fund_credits) == Decimal("-10.00")


def test_posting_the_same_payment_twice_returns_the_first_posting_unchanged(shop_default_rule, ledger_now):
    first = pay(when=ledger_now)
    again = pay(when=ledger_now + dt.timedelta(days=1), revenue=[product_line(usd("999.00"))])
    assert again.pk == first.pk
    assert Posting.objects.count() == 1
    assert Entry.objects.filter(posting=first).count() == len(legs(first))


def test_a_designated_gift_reaches_its_fund_whole_and_the_fee_is_charged_to_operations(ledger_now):
    posting = pay(
        "donation:D-1",
        when=ledger_now,
        channel=Channel.DONATIONS,
        revenue=[gift_line(usd("50.00"))],
        fee=usd("1.75"),
    )
    assert legs(posting)[("counseling", "revenue", "counseling")] == usd("-50.00")
    assert legs(posting)[("processing-fees", "fee", "operations")] == usd("1.75")


def test_a_covered_fee_pays_the_fee_so_the_designated_fund_receives_the_intended_gift(ledger_now):
    # The donor gave 50.00 and added 1.85 to cover the fee; Stripe charged 1.84.
    posting = pay(
        "donation:D-2",
        when=ledger_now,
        channel=Channel.DONATIONS,
        revenue=[gift_line(usd("51.85"))],
        fee=usd("1.84"),
        fee_covered=usd("1.85"),
        tags=("campaign:3",),
    )
    assert legs(posting)[("counseling", "revenue", "counseling")] == usd("-50.00")
    assert legs(posting)[("operations", "fee_cover", "operations")] == usd("-1.85")
    assert legs(posting)[("processing-fees", "fee", "operations")] == usd("1.84")
    assert selectors.tag_total(tag="campaign:3") == usd("50.00")
    assert selectors.tag_total(tag="campaign:3", exclude_covered_fees=False) == usd("51.85")


def test_a_rule_can_charge_fees_to_another_fund(ledger_now):
    rule_create(target="designation", key="materials-drive", remainder="materials", fee_fund="materials")
    posting = pay(
        "donation:D-3",
        when=ledger_now,
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=usd("20.00"), target=RuleTarget.DESIGNATION, key="materials-drive")],
        fee=usd("0.88"),
    )
    assert legs(posting)[("processing-fees", "fee", "materials")] == usd("0.88")


def test_most_needed_uses_its_designation_rule(most_needed_rule, ledger_now):
    posting = pay(
        "donation:D-4",
        when=ledger_now,
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=usd("100.00"), target=RuleTarget.DESIGNATION, key="most-needed")],
    )
    assert legs(posting)[("counseling", "revenue", "counseling")] == usd("-50.00")
    assert legs(posting)[("mental-health-therapy", "revenue", "mental-health-therapy")] == usd("-30.00")
    assert legs(posting)[("care-management", "revenue", "care-management")] == usd("-20.00")


def test_product_rules_win_over_category_rules_which_win_over_the_channel_default(
    shop_default_rule, ledger_now
):
    rule_create(target="category", key="3", remainder="materials")
    rule_create(target="product", key="9", remainder="survivor-wages")
    fallback = ((RuleTarget.CATEGORY, "3"),)
    posting = pay(
        when=ledger_now,
        revenue=[
            product_line(usd("10.00"), key="9", fallback_keys=fallback),
            product_line(usd("20.00"), key="8", fallback_keys=fallback),
            product_line(usd("30.00"), key="8"),
        ],
    )
    assert legs(posting)[("survivor-wages", "revenue", "survivor-wages")] == usd("-23.50")  # 10 + 45 % of 30
    assert legs(posting)[("materials", "revenue", "materials")] == usd("-26.00")  # 20 + 20 % of 30


def test_without_any_rule_income_goes_to_operations(ledger_now):
    posting = pay(when=ledger_now, revenue=[product_line(usd("12.00"))])
    assert legs(posting)[("operations", "revenue", "operations")] == usd("-12.00")


def test_yen_and_dinar_payments_balance_in_their_own_minor_units(shop_default_rule, ledger_now):
    yen = pay(
        "order:JP-1",
        when=ledger_now,
        revenue=[RevenueLine(amount=Money(1001, "JPY"), target=RuleTarget.PRODUCT, key="1")],
        currency="JPY",
        fee=Money(37, "JPY"),
    )
    assert yen.currency == "JPY"
    assert sum(e.amount.amount for e in yen.entries.all()) == 0
    assert all(e.amount.amount == e.amount.amount.to_integral_value() for e in yen.entries.all())
    dinar = pay(
        "order:KW-1",
        when=ledger_now,
        revenue=[RevenueLine(amount=Money("10.001", "KWD"), target=RuleTarget.PRODUCT, key="1")],
        currency="KWD",
    )
    assert legs(dinar)[("survivor-wages", "revenue", "survivor-wages")] == Money("-4.501", "KWD")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"revenue": [product_line(Money("1.00", "EUR"))]}, "one currency"),
        ({"revenue": [product_line(usd("-5.00"))]}, "cannot be negative"),
        ({"revenue": [product_line(usd("1.001"))]}, "more decimals"),
        ({"revenue": [], "shipping": usd(0)}, "no amount"),
        ({"fee": usd("-1.00")}, "cannot be negative"),
    ],
)
def test_malformed_payments_are_refused_with_a_clear_message_and_nothing_is_written(
    kwargs, message, ledger_now
):
    with pytest.raises(LedgerError, match=message):
        pay(when=ledger_now, **kwargs)
    assert not Posting.objects.exists()


def test_naive_datetimes_are_refused(ledger_now):
    with pytest.raises(LedgerError, match="timezone-aware"):
        pay(when=ledger_now.replace(tzinfo=None))


# --- Append-only --------------------------------------------------------------------------------


def test_saving_a_posting_or_entry_again_raises(shop_default_rule, ledger_now):
    posting = pay(when=ledger_now)
    posting.memo = "edited"
    with pytest.raises(AppendOnlyError):
        posting.save()
    entry = posting.entries.first()
    entry.amount = usd("1.00")
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_postings_or_entries_raises_one_by_one_and_in_bulk(shop_default_rule, ledger_now):
    posting = pay(when=ledger_now)
    with pytest.raises(AppendOnlyError):
        posting.delete()
    with pytest.raises(AppendOnlyError):
        posting.entries.first().delete()
    with pytest.raises(AppendOnlyError):
        Posting.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(posting=posting).delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.update(amount=0)
    with pytest.raises(AppendOnlyError):
        Posting.objects.filter(pk=posting.pk).update(memo="x")
    assert Entry.objects.filter(posting=posting).count() == 4  # gross and three funds


def test_a_fund_with_postings_cannot_be_deleted(shop_default_rule, ledger_now):
    from django.db.models import ProtectedError

    pay(when=ledger_now)
    with pytest.raises(ProtectedError):
        Fund.objects.get(slug="materials").delete()


# --- Reversals ----------------------------------------------------------------------------------


def test_a_partial_refund_reverses_every_leg_in_proportion_but_keeps_the_fee(shop_default_rule, ledger_now):
    pay(when=ledger_now, shipping=usd("5.00"), tax=usd("8.25"), fee=usd("3.58"))
    refund = services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("33.33"), occurred_at=ledger_now
    )
    assert sum(e.amount.amount for e in refund.entries.all()) == 0
    assert legs(refund)[("stripe-balance", "gross", None)] == usd("-33.33")
    assert refund.reverses.kind == "payment"
    assert not refund.entries.filter(role__in=[EntryRole.FEE, EntryRole.FEE_PAID]).exists()
    after = balances("order:HW-1")
    assert after[("stripe-balance", "gross")] == Decimal("79.92")
    assert after[("processing-fees", "fee")] == Decimal("3.58")


def test_several_partial_refunds_adding_up_to_the_whole_leave_every_fund_at_zero(
    shop_default_rule, ledger_now
):
    pay(when=ledger_now, shipping=usd("5.00"), tax=usd("8.25"))
    for index, amount in enumerate(["33.33", "33.33", "46.59"]):
        services.reversal_post(
            source="order:HW-1", kind=f"refund:re_{index}", amount=usd(amount), occurred_at=ledger_now
        )
    assert balances("order:HW-1") == {}


def test_reversing_more_than_is_left_is_refused_with_the_amount_left(shop_default_rule, ledger_now):
    pay(when=ledger_now)
    services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("60.00"), occurred_at=ledger_now
    )
    with pytest.raises(ReversalExceedsError, match=r"only \$40.00 is left"):
        services.reversal_post(
            source="order:HW-1", kind="refund:re_2", amount=usd("40.01"), occurred_at=ledger_now
        )
    assert not Posting.objects.filter(kind="refund:re_2").exists()


def test_reversals_are_idempotent_on_their_kind(shop_default_rule, ledger_now):
    pay(when=ledger_now)
    first = services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("10.00"), occurred_at=ledger_now
    )
    again = services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("10.00"), occurred_at=ledger_now
    )
    assert first.pk == again.pk
    assert balances("order:HW-1")[("stripe-balance", "gross")] == Decimal("90.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (usd("0.00"), "more than zero"),
        (usd("-5.00"), "more than zero"),
        (Money("5.00", "EUR"), "paid in USD"),
    ],
)
def test_hostile_reversal_amounts_are_refused(amount, message, shop_default_rule, ledger_now):
    pay(when=ledger_now)
    with pytest.raises(LedgerError, match=message):
        services.reversal_post(source="order:HW-1", kind="refund:x", amount=amount, occurred_at=ledger_now)


def test_reversing_an_unknown_source_is_refused(ledger_now):
    with pytest.raises(LedgerError, match="no 'payment' posting"):
        services.reversal_post(
            source="order:nope", kind="refund:1", amount=usd("1.00"), occurred_at=ledger_now
        )


def test_a_refund_that_fails_after_it_was_reported_is_mirrored_back(shop_default_rule, ledger_now):
    pay(when=ledger_now)
    services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("40.00"), occurred_at=ledger_now
    )
    restored = services.posting_reverse(
        source="order:HW-1", kind="refund-failed:re_1", reverses_kind="refund:re_1", occurred_at=ledger_now
    )
    assert restored.mirror
    assert balances("order:HW-1")[("stripe-balance", "gross")] == Decimal("100.00")
    with pytest.raises(LedgerError, match="already reversed"):
        services.posting_reverse(
            source="order:HW-1",
            kind="refund-failed-again:re_1",
            reverses_kind="refund:re_1",
            occurred_at=ledger_now,
        )
    # The whole amount can be refunded again.
    services.reversal_post(
        source="order:HW-1", kind="refund:re_2", amount=usd("100.00"), occurred_at=ledger_now
    )
    assert balances("order:HW-1") == {}


def test_a_dispute_withdrawn_with_its_fee_then_reinstated(
    shop_default_rule, ledger_now, django_capture_on_commit_callbacks
):
    pay(when=ledger_now, fee=usd("3.20"))
    services.reversal_post(
        source="order:HW-1", kind="dispute:dp_1", amount=usd("100.00"), occurred_at=ledger_now
    )
    services.fee_post(
        source="order:HW-1", kind="dispute-fee:dp_1", amount=usd("15.00"), occurred_at=ledger_now
    )
    figures = {figure.fund_slug: figure.total for figure in selectors.impact_figures()}
    assert figures["survivor-wages"] == usd("0.00")
    with django_capture_on_commit_callbacks(execute=True):  # the cache is cleared on commit
        services.posting_reverse(
            source="order:HW-1",
            kind="dispute-reinstated:dp_1",
            reverses_kind="dispute:dp_1",
            occurred_at=ledger_now,
        )
    figures = {figure.fund_slug: figure.total for figure in selectors.impact_figures()}
    assert figures["survivor-wages"] == usd("45.00")
    assert balances("order:HW-1")[("processing-fees", "fee")] == Decimal("18.20")


def test_a_payment_with_refunds_cannot_be_mirrored_whole(shop_default_rule, ledger_now):
    pay(when=ledger_now)
    services.reversal_post(
        source="order:HW-1", kind="refund:re_1", amount=usd("10.00"), occurred_at=ledger_now
    )
    with pytest.raises(LedgerError, match="partial reversals"):
        services.posting_reverse(
            source="order:HW-1", kind="void", reverses_kind="payment", occurred_at=ledger_now
        )


def test_a_fee_must_be_positive(ledger_now):
    with pytest.raises(LedgerError, match="more than zero"):
        services.fee_post(source="order:HW-1", kind="dispute-fee:1", amount=usd("0"), occurred_at=ledger_now)


def test_postings_for_source_lists_the_history_oldest_first(shop_default_rule, ledger_now):
    pay(when=ledger_now)
    services.reversal_post(
        source="order:HW-1",
        kind="refund:re_1",
        amount=usd("10.00"),
        occurred_at=ledger_now + dt.timedelta(hours=1),
    )
    pay("order:HW-2", when=ledger_now)
    kinds = [posting.kind for posting in selectors.postings_for_source(source="order:HW-1")]
    assert kinds == ["payment", "refund:re_1"]


# --- Property: random partial reversals ---------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    currency=st.sampled_from(["USD", "JPY", "KWD"]),
    line_units=st.lists(st.integers(1, 10**6), min_size=1, max_size=4),
    shipping_units=st.integers(0, 5000),
    tax_units=st.integers(0, 5000),
    cuts=st.lists(st.integers(1, 10**6), min_size=1, max_size=5),
    data=st.data(),
)
def test_random_partial_reversals_never_leave_a_fund_negative_and_the_rest_sums_back_to_zero(
    currency, line_units, shipping_units, tax_units, cuts, data, shop_default_rule, ledger_now
):
    from ledger.allocation import from_minor

    source = f"order:prop-{Posting.objects.count()}"
    revenue = [
        RevenueLine(amount=from_minor(units, currency), target=RuleTarget.PRODUCT, key=str(index))
        for index, units in enumerate(line_units)
    ]
    gross = sum(line_units) + shipping_units + tax_units
    pay(
        source,
        when=ledger_now,
        revenue=revenue,
        shipping=from_minor(shipping_units, currency),
        tax=from_minor(tax_units, currency),
        currency=currency,
    )
    original = balances(source)
    left = gross
    for index, cut in enumerate(cuts):
        amount = min(cut, left)
        if amount == 0:
            break
        services.reversal_post(
            source=source, kind=f"refund:{index}", amount=from_minor(amount, currency), occurred_at=ledger_now
        )
        left -= amount
        now = balances(source)
        for key, received in original.items():
            remaining = now.get(key, Decimal(0))
            # Never flips sign (a fund never gives back more than it got from this source) ...
            assert remaining * received >= 0
            assert abs(remaining) <= abs(received)
    if left:
        services.reversal_post(
            source=source, kind="refund:rest", amount=from_minor(left, currency), occurred_at=ledger_now
        )
    # ... and reversing everything brings every account back to zero.
    assert balances(source) == {}


def test_posting_a_payment_takes_a_bounded_number_of_queries(
    shop_default_rule, ledger_now, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        pay(when=ledger_now, fee=usd("3.00"), tags=("campaign:1",))
    lines = [product_line(usd("10.00"), key=str(index)) for index in range(5)]
    with django_assert_max_num_queries(16 + 4 * 5):
        pay("order:HW-2", when=ledger_now, revenue=lines, fee=usd("3.00"))


def test_a_refund_takes_a_bounded_number_of_queries(
    shop_default_rule, ledger_now, django_assert_max_num_queries
):
    pay(when=ledger_now)
    with django_assert_max_num_queries(16):
        services.reversal_post(
            source="order:HW-1", kind="refund:q", amount=usd("10.00"), occurred_at=ledger_now
        )


def test_a_payment_of_only_shipping_books_the_fee_to_operations(ledger_now):
    posting = pay(
        when=ledger_now,
        revenue=[product_line(usd("0.00")), product_line(usd("0.00"), key="8")],
        shipping=usd("9.00"),
        fee=usd("0.56"),
    )
    assert legs(posting)[("processing-fees", "fee", "operations")] == usd("0.56")
    assert legs(posting)[("shipping-income", "shipping", None)] == usd("-9.00")


def test_the_books_date_is_the_organisations_whatever_timezone_a_request_activated(shop_default_rule):
    from django.utils import timezone as django_timezone

    # 22:30 in Chicago on 31 May is already 1 June in Tokyo, where a staff member's admin may run.
    moment = django_timezone.make_aware(dt.datetime(2026, 5, 31, 22, 30))
    with django_timezone.override("Asia/Tokyo"):
        posting = pay(when=moment)
    assert set(posting.entries.values_list("occurred_on", flat=True)) == {dt.date(2026, 5, 31)}


def test_a_benefit_designated_to_event_income_never_becomes_fund_revenue(ledger_now):
    posting = pay(
        "donation:gala-1",
        when=ledger_now,
        channel=Channel.EVENTS,
        revenue=[
            RevenueLine(amount=usd("60.00"), target=RuleTarget.DESIGNATION, key="event-income"),
            gift_line(usd("90.00")),
        ],
        fee=usd("4.65"),
    )
    assert legs(posting)[("event-income", "revenue", "event-income")] == usd("-60.00")
    assert legs(posting)[("counseling", "revenue", "counseling")] == usd("-90.00")
    assert legs(posting)[("processing-fees", "fee", "operations")] == usd("4.65")
    assert "event-income" not in {figure.fund_slug for figure in selectors.impact_figures()}


def test_a_designation_naming_a_balance_sheet_account_falls_back_to_the_channel_rule(ledger_now):
    posting = pay(
        "donation:odd",
        when=ledger_now,
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=usd("10.00"), target=RuleTarget.DESIGNATION, key="stripe-balance")],
    )
    assert legs(posting)[("operations", "revenue", "operations")] == usd("-10.00")
