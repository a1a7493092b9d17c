"""IRS acknowledgment rules: deductible = paid - fair market value; the quid-pro-quo disclosure for
payments over $75 that include a substantial benefit; insubstantial-benefit thresholds per tax year."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from donations.models import TaxYearThreshold
from donations.receipt_rules import receipt_terms, thresholds_for

pytestmark = pytest.mark.django_db


def usd(value):
    return Money(value, "USD")


@pytest.mark.parametrize(
    ("paid", "fmv", "deductible", "disclosure"),
    [
        ("74.99", "0", "74.99", False),
        ("75.00", "0", "75.00", False),
        ("75.01", "0", "75.01", False),
        ("250.00", "0", "250.00", False),
        ("74.99", "20.00", "54.99", False),
        ("75.00", "20.00", "55.00", False),
        ("75.01", "20.00", "55.01", True),
        ("250.00", "20.00", "230.00", True),
        ("100.00", "40.00", "60.00", True),
    ],
)
def test_deductible_amount_and_disclosure_at_the_75_dollar_line(paid, fmv, deductible, disclosure):
    terms = receipt_terms(paid=usd(paid), benefit_fmv=usd(fmv), thresholds=thresholds_for(2026))

    assert terms.deductible == usd(deductible)
    assert terms.quid_pro_quo is disclosure
    assert terms.benefit_fmv == usd(fmv)


def test_an_insubstantial_benefit_is_disregarded():
    # 2025: a benefit worth at most 2 % of the payment (and at most $136) is insubstantial.
    terms = receipt_terms(paid=usd("500.00"), benefit_fmv=usd("9.00"), thresholds=thresholds_for(2025))

    assert terms.benefit_disregarded
    assert terms.deductible == usd("500.00")
    assert not terms.quid_pro_quo


def test_a_token_item_on_a_large_enough_gift_is_disregarded():
    terms = receipt_terms(paid=usd("70.00"), benefit_fmv=usd("5.00"), thresholds=thresholds_for(2025))

    assert terms.benefit_disregarded
    assert terms.deductible == usd("70.00")


def test_thresholds_are_read_for_the_tax_year_or_the_latest_earlier_one():
    assert thresholds_for(2024).insubstantial_benefit_limit == Decimal("132.00")
    assert thresholds_for(2025).token_maximum_cost == Decimal("13.60")
    TaxYearThreshold.objects.create(
        year=2026,
        insubstantial_benefit_limit=Decimal("140.00"),
        token_minimum_payment=Decimal("70.00"),
        token_maximum_cost=Decimal("14.00"),
    )
    assert thresholds_for(2026).insubstantial_benefit_limit == Decimal("140.00")
    assert thresholds_for(2027).year == 2026


def test_a_benefit_worth_more_than_the_payment_leaves_nothing_deductible():
    terms = receipt_terms(paid=usd("50.00"), benefit_fmv=usd("80.00"), thresholds=thresholds_for(2026))
    assert terms.deductible == usd("0.00")
