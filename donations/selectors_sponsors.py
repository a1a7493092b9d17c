"""Reads for sponsor recognition: the event page's sponsor list, the sponsor pack, the impact
statement (every figure read from the ledger through the one impact function)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from djmoney.money import Money

from donations.models import CreditAs, EventPage, GiftStatus, RecognitionStatus, Sponsor
from ledger import selectors as ledger_selectors
from ledger.types import ImpactLine

SETTLED = (GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED)


def event_ledger_tag(event: EventPage) -> str:
    return f"event:{event.pk}"


def approved_sponsors(*, event: EventPage) -> QuerySet[Sponsor]:
    """Sponsors shown in public: approved by staff, credited by name or logo, still paid for."""
    return (
        Sponsor.objects.filter(event=event, status=RecognitionStatus.APPROVED, donation__status__in=SETTLED)
        .exclude(credit_as=CreditAs.ANONYMOUS)
        .order_by("-tier_price", "tier_name", "display_name", "pk")
    )


@dataclass(frozen=True)
class TierGroup:
    tier_name: str
    sponsors: list[Sponsor]


def sponsors_by_tier(*, event: EventPage) -> list[TierGroup]:
    """Approved sponsors grouped by tier, the largest tier first."""
    groups: list[TierGroup] = []
    for sponsor in approved_sponsors(event=event):
        key = sponsor.tier_name
        if groups and (groups[-1].tier_name == key):
            groups[-1].sponsors.append(sponsor)
        else:
            groups.append(TierGroup(tier_name=key, sponsors=[sponsor]))
    return groups


def sponsors_to_review() -> QuerySet[Sponsor]:
    return Sponsor.objects.filter(status=RecognitionStatus.PENDING).select_related("event")


@dataclass(frozen=True)
class ImpactStatement:
    event: EventPage
    sponsor: Sponsor
    raised: Money
    funded: list[ImpactLine]
    sponsor_paid: Money
    sponsor_funded: list[ImpactLine]

    @property
    def funded_total(self) -> Money:
        return sum((line.amount for line in self.funded), Money(0, self.raised.currency))


def impact_statement(*, sponsor: Sponsor) -> ImpactStatement:
    """What the event raised and funded, and the sponsor's own part, as the ledger booked them (net
    of refunds): raised counts what was given (covered fees aside), funded is what each fund kept."""
    event = sponsor.event
    donation = sponsor.donation
    currency = str(donation.amount.currency)
    tag = event_ledger_tag(event)
    return ImpactStatement(
        event=event,
        sponsor=sponsor,
        raised=ledger_selectors.tag_total(tag=tag, currency=currency),
        funded=ledger_selectors.impact_claim(tag=tag),
        sponsor_paid=donation.net_amount,
        sponsor_funded=ledger_selectors.impact_claim(source=donation.ledger_source),
    )


def approved_sponsors_with_logos() -> QuerySet[Sponsor]:
    return (
        Sponsor.objects.filter(
            status=RecognitionStatus.APPROVED, credit_as=CreditAs.LOGO, donation__status__in=SETTLED
        )
        .exclude(logo="")
        .select_related("event")
    )
