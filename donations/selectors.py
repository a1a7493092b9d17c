"""donations selectors: every non-trivial read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.utils import timezone
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
    SponsorshipTier,
    TicketType,
)
from donations.models.campaigns import MOST_NEEDED
from donations.organisation import Organisation, organisation
from donations.selectors_circles import circle_year_summary
from ledger import selectors as ledger_selectors
from ledger.impact import claim_sentence

SETTLED = (GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED)
# A pending ticket holds its seat this long while the buyer is on the payment page, and its Checkout
# Session expires at the same moment. Stripe refuses an expiry under 30 minutes (payments clamps it to
# 31), so the hold must be longer than that or Stripe would keep taking payment after the hold lapsed.
SEAT_HOLD = dt.timedelta(minutes=45)
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


def circle_summary(*, circle: CirclePage, year: int | None = None):
    """The circle page's figures: this year's progress, members listed, what it funded."""
    return circle_year_summary(circle=circle, year=year)


def gift_impact_summary(*, donation: Donation) -> str:
    """What a settled gift funds, from the legs booked for it: "funds about 1 counseling session"."""
    if not donation.is_settled:
        return ""
    return claim_sentence(ledger_selectors.impact_claim(source=donation.ledger_source))


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


@dataclass(frozen=True)
class OfferAvailability:
    offer: object
    remaining: int | None  # None: no capacity set, so no limit

    @property
    def sold_out(self) -> bool:
        return self.remaining is not None and self.remaining <= 0


def offer_seats_taken(offer: TicketType | SponsorshipTier, *, excluding: Donation | None = None) -> int:
    """Seats of a ticket type or sponsorship tier that are paid, or held by a checkout still open."""
    offer_field = "ticket_type" if isinstance(offer, TicketType) else "sponsorship_tier"
    hold_since = timezone.now() - SEAT_HOLD
    purchases = Donation.objects.filter(**{offer_field: offer})
    if excluding is not None:
        purchases = purchases.exclude(pk=excluding.pk)
    taken = purchases.filter(status__in=SETTLED).aggregate(n=Sum("quantity"))["n"] or 0
    held = (
        purchases.filter(status=GiftStatus.PENDING, created_at__gte=hold_since).aggregate(n=Sum("quantity"))[
            "n"
        ]
        or 0
    )
    return taken + held


def event_offer_availability(*, event) -> dict[str, list[OfferAvailability]]:
    """Tickets and sponsorship tiers with the places left (paid plus seats held for open checkouts)."""

    def rows(offers):
        return [
            OfferAvailability(
                offer=offer,
                remaining=None
                if offer.capacity is None
                else max(offer.capacity - offer_seats_taken(offer), 0),
            )
            for offer in offers
        ]

    return {"tickets": rows(event.ticket_types.all()), "tiers": rows(event.sponsorship_tiers.all())}


def gifts_received_today() -> QuerySet[Donation]:
    """Gifts whose money arrived today in the organisation's timezone, newest first."""
    from core.admin_views import today_range

    start, end = today_range()
    return (
        Donation.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("donor")
        .order_by("-received_at")
    )
