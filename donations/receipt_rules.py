"""IRS rules for a written acknowledgment (Publication 1771), as pure functions of amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from djmoney.money import Money

from donations.models import TaxYearThreshold

NO_GOODS_STATEMENT = "No goods or services were provided in exchange for this contribution."
QUID_PRO_QUO_DISCLOSURE = (
    "The amount of your contribution that is deductible for federal income tax purposes is limited to "
    "the excess of the amount you paid over the value of the goods or services provided by {organisation}."
)

# Used only when staff have entered no year at all (Rev. Proc. 2024-40, tax year 2025).
_FALLBACK = {
    "quid_pro_quo_threshold": Decimal("75.00"),
    "insubstantial_benefit_limit": Decimal("136.00"),
    "token_minimum_payment": Decimal("68.00"),
    "token_maximum_cost": Decimal("13.60"),
    "benefit_percentage_limit": Decimal("2.00"),
}


@dataclass(frozen=True)
class Thresholds:
    year: int
    quid_pro_quo_threshold: Decimal
    insubstantial_benefit_limit: Decimal
    token_minimum_payment: Decimal
    token_maximum_cost: Decimal
    benefit_percentage_limit: Decimal


def thresholds_for(year: int) -> Thresholds:
    """The figures of `year`, or of the latest earlier year staff entered."""
    row = TaxYearThreshold.objects.filter(year__lte=year).order_by("-year").first()
    if row is None:
        return Thresholds(year=year, **_FALLBACK)
    return Thresholds(
        year=row.year,
        quid_pro_quo_threshold=row.quid_pro_quo_threshold,
        insubstantial_benefit_limit=row.insubstantial_benefit_limit,
        token_minimum_payment=row.token_minimum_payment,
        token_maximum_cost=row.token_maximum_cost,
        benefit_percentage_limit=row.benefit_percentage_limit,
    )


@dataclass(frozen=True)
class ReceiptTerms:
    paid: Money
    benefit_fmv: Money  # zero when there was none or it was insubstantial
    deductible: Money
    quid_pro_quo: bool
    benefit_disregarded: bool


def benefit_is_insubstantial(*, paid: Decimal, fmv: Decimal, thresholds: Thresholds) -> bool:
    two_percent = paid * thresholds.benefit_percentage_limit / 100
    if fmv <= min(two_percent, thresholds.insubstantial_benefit_limit):
        return True
    return paid >= thresholds.token_minimum_payment and fmv <= thresholds.token_maximum_cost


def receipt_terms(*, paid: Money, benefit_fmv: Money, thresholds: Thresholds) -> ReceiptTerms:
    """Deductible = paid - fair market value; a substantial benefit on a payment over the threshold
    ($75) needs the quid-pro-quo disclosure. Insubstantial benefits are disregarded."""
    zero = Money(0, paid.currency)
    fmv = min(benefit_fmv, paid) if benefit_fmv.amount > 0 else zero
    disregarded = fmv.amount > 0 and benefit_is_insubstantial(
        paid=paid.amount, fmv=fmv.amount, thresholds=thresholds
    )
    if disregarded:
        fmv = zero
    return ReceiptTerms(
        paid=paid,
        benefit_fmv=fmv,
        deductible=paid - fmv,
        quid_pro_quo=fmv.amount > 0 and paid.amount > thresholds.quid_pro_quo_threshold,
        benefit_disregarded=disregarded,
    )
