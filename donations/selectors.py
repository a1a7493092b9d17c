"""donations selectors: every non-trivial read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from djmoney.money import Money

from donations.models import (
    Campaign,
    CirclePage,
    Designation,
    Donation,
    DonationPage,
    Donor,
    GiftStatus,
    Receipt,
    ReceiptStatus,
    RecurringGift,
    RecurringStatus,
)
from donations.models.campaigns import MOST_NEEDED
from donations.organisation import Organisation, organisation
from ledger import selectors as ledger_selectors

SETTLED = (GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED)
MOST_NEEDED_LABEL = "Where most needed"


def designation_choices(*, page: DonationPage | None = None) -> list[tuple[str, str]]:
    """("most-needed", "Where most needed") first, then the enabled restricted funds of the page."""
    designations = Designation.objects.filter(enabled=True)
    if page is not None and page.pk and page.designations.exists():
        designations = designations.filter(pk__in=page.designations.values("pk"))
    return [(MOST_NEEDED, MOST_NEEDED_LABEL), *((d.fund_slug, d.name) for d in designations)]


def live_circles() -> QuerySet[CirclePage]:
    return CirclePage.objects.live().order_by("title")


@dataclass(frozen=True)
class Progress:
    raised: Money
    goal: Money
    donor_count: int

    @property
    def percent(self) -> int:
        if self.goal.amount <= 0:
            return 0
        return min(100, int(self.raised.amount * 100 / self.goal.amount))


def _donor_count(gifts: QuerySet[Donation]) -> int:
    return gifts.filter(status__in=SETTLED).exclude(donor=None).values("donor").distinct().count()


def campaign_progress(*, campaign: Campaign) -> Progress:
    """Raised comes from the ledger: settled gifts net of refunds, covered fees excluded."""
    raised = ledger_selectors.tag_total(tag=campaign.ledger_tag, currency=str(campaign.goal.currency))
    return Progress(raised=raised, goal=campaign.goal, donor_count=_donor_count(campaign.donations.all()))


def campaign_donor_wall(*, campaign: Campaign, limit: int = 60) -> list[str]:
    """Names of consenting, non-anonymous donors, most recent first; never anyone else."""
    if not campaign.show_donor_wall:
        return []
    gifts = campaign.donations.filter(status__in=SETTLED, wall_consent=True, anonymous=False).order_by(
        "-received_at"
    )
    names, seen = [], set()
    for gift in gifts[: limit * 3]:
        name = gift.public_name
        if name != "Anonymous" and name not in seen:
            seen.add(name)
            names.append(name)
        if len(names) >= limit:
            break
    return names


@dataclass(frozen=True)
class CircleSummary:
    raised: Money
    goal: Money
    member_count: int
    members: list[str]
    impact: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        if self.goal.amount <= 0:
            return 0
        return min(100, int(self.raised.amount * 100 / self.goal.amount))


def circle_summary(*, circle: CirclePage) -> CircleSummary:
    gifts = Donation.objects.filter(circle=circle, status__in=SETTLED)
    currency = str(circle.goal.currency)
    raised = ledger_selectors.tag_total(tag=circle.ledger_tag, currency=currency)
    members = []
    if circle.show_members:
        consenting = gifts.filter(wall_consent=True, anonymous=False).order_by("donor_id")
        members = sorted({gift.public_name for gift in consenting} - {"Anonymous"})
    return CircleSummary(
        raised=raised,
        goal=circle.goal,
        member_count=gifts.exclude(donor=None).values("donor").distinct().count(),
        members=members,
        impact=circle_impact(circle=circle),
    )


def circle_impact(*, circle: CirclePage) -> list:
    """What the circle's gifts fund, in impact units ("120 counseling sessions"), per designation."""
    from ledger.types import RevenueLine, RuleTarget

    totals: dict[str, Money] = {}
    for gift in Donation.objects.filter(circle=circle, status__in=SETTLED).only(
        "designation_key",
        "amount",
        "amount_currency",
        "fee_covered",
        "fee_covered_currency",
        "amount_refunded",
        "amount_refunded_currency",
    ):
        net = gift.gift_amount - gift.amount_refunded
        if net.amount > 0:
            totals[gift.designation_key] = totals.get(gift.designation_key, net * 0) + net
    revenue = [
        RevenueLine(amount=amount, target=RuleTarget.DESIGNATION, key=key)
        for key, amount in sorted(totals.items())
    ]
    if not revenue:
        return []
    return list(ledger_selectors.impact_preview(revenue=revenue))


def event_oversold_purchases(*, event) -> list[Donation]:
    """Paid tickets and sponsorships of an event that found no seat: staff refund or honour them."""
    return list(
        Donation.objects.filter(event=event, oversold=True, status__in=SETTLED)
        .select_related("donor", "ticket_type", "sponsorship_tier")
        .order_by("received_at")
    )


def donor_gifts(*, donor: Donor) -> QuerySet[Donation]:
    return (
        Donation.objects.filter(donor=donor)
        .exclude(status__in=[GiftStatus.PENDING, GiftStatus.EXPIRED, GiftStatus.FAILED])
        .select_related("campaign", "recurring_gift")
        .prefetch_related("receipts")
        .order_by("-received_at")
    )


def donor_recurring_gifts(*, donor: Donor) -> QuerySet[RecurringGift]:
    return (
        RecurringGift.objects.filter(donor=donor)
        .exclude(status=RecurringStatus.ABANDONED)
        .order_by("-created_at")
    )


def donor_receipts(*, donor: Donor) -> QuerySet[Receipt]:
    return Receipt.objects.filter(donor=donor).select_related("donation").order_by("-year", "-sequence")


def donor_statement_years(*, donor: Donor) -> list[int]:
    return sorted(
        Receipt.objects.filter(donor=donor, status=ReceiptStatus.ISSUED)
        .values_list("year", flat=True)
        .distinct(),
        reverse=True,
    )


@dataclass(frozen=True)
class StatementLine:
    date: dt.date
    receipt_number: str
    fund: str
    amount: Money
    deductible: Money
    benefit: bool


@dataclass(frozen=True)
class AnnualStatement:
    donor: Donor
    year: int
    lines: list[StatementLine]
    total: Money
    deductible_total: Money
    organisation: Organisation
    donor_name: str = ""
    donor_address: str = ""

    @property
    def any_benefit(self) -> bool:
        return any(line.benefit for line in self.lines)


def annual_statement(*, donor: Donor, year: int, currency: str = "USD") -> AnnualStatement:
    """Every receipted gift of the year: void receipts and refunded gifts are left out; a partly
    refunded gift appears at its reissued (net) amount."""
    receipts = (
        Receipt.objects.filter(donor=donor, year=year, status=ReceiptStatus.ISSUED, amount_currency=currency)
        .exclude(donation__status=GiftStatus.REFUNDED)
        .order_by("gift_date", "sequence")
    )
    lines = [
        StatementLine(
            date=r.gift_date,
            receipt_number=r.number,
            fund=r.fund_label,
            amount=r.amount,
            deductible=r.deductible_amount,
            benefit=r.has_benefit,
        )
        for r in receipts
    ]
    zero = Money(0, currency)
    return AnnualStatement(
        donor=donor,
        year=year,
        lines=lines,
        total=sum((line.amount for line in lines), zero),
        deductible_total=sum((line.deductible for line in lines), zero),
        organisation=organisation(),
        donor_name=donor.full_name or donor.company_name or donor.email,
        donor_address=donor.postal_address,
    )


def statement_donors(*, year: int) -> QuerySet[Donor]:
    """Donors with at least one live receipt in `year`."""
    live = (
        Receipt.objects.filter(year=year, status=ReceiptStatus.ISSUED)
        .exclude(donation__status=GiftStatus.REFUNDED)
        .values("donor")
    )
    return Donor.objects.filter(pk__in=live).order_by("pk")


def past_due_recurring_gifts() -> QuerySet[RecurringGift]:
    return (
        RecurringGift.objects.filter(status=RecurringStatus.PAST_DUE)
        .select_related("donor")
        .order_by("past_due_since")
    )


def donors_with_totals() -> QuerySet[Donor]:
    return Donor.objects.annotate(
        gift_count=Count("donations", filter=Q(donations__status__in=SETTLED)),
    )
