"""Reads for giving circles: the page's progress this year and members who agreed to be listed, and
the leaders' view of their members (contact details and amounts only where each member agreed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.utils import timezone
from djmoney.money import Money

from core.money import money_format
from donations.models import (
    CircleInvitation,
    CircleLeader,
    CircleMembership,
    CirclePage,
    Donation,
    GiftStatus,
    MembershipStatus,
)
from ledger import selectors as ledger_selectors

SETTLED = (GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED)


def circle_year_tag(circle_id: int, year: int) -> str:
    """The ledger tag of a circle's gifts in one calendar year (refunds inherit it)."""
    return f"circle:{circle_id}:{year}"


def active_members(*, circle: CirclePage) -> QuerySet[CircleMembership]:
    return CircleMembership.objects.filter(circle=circle, status=MembershipStatus.ACTIVE)


def listed_member_names(*, circle: CirclePage) -> list[str]:
    if not circle.show_members:
        return []
    names = active_members(circle=circle).filter(listed=True).exclude(name="").values_list("name", flat=True)
    return sorted(set(names), key=str.casefold)


@dataclass(frozen=True)
class CircleSummary:
    year: int
    raised: Money
    goal: Money
    member_count: int
    members: list[str]
    impact: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if self.goal.amount <= 0:
            return 0
        return min(100, int(self.raised.amount * 100 / self.goal.amount))

    @property
    def remaining(self) -> Money:
        left = self.goal - self.raised
        return left if left.amount > 0 else left * 0


def impact_lines_text(lines) -> list[str]:
    """ "about 12 counseling sessions ($900.00 to Counseling)"; funds without an impact unit by amount."""
    return [
        f"about {line.phrase} ({money_format(line.amount)} to {line.fund_name})"
        if line.phrase
        else f"{money_format(line.amount)} to {line.fund_name}"
        for line in lines
        if line.amount.amount > 0
    ]


def circle_year_summary(*, circle: CirclePage, year: int | None = None) -> CircleSummary:
    """This year's progress toward the yearly goal and what it funded, both read from the legs booked
    under the circle's tag for the year (net of refunds, covered fees left out of progress)."""
    year = year or timezone.localdate().year
    tag = circle_year_tag(circle.pk, year)
    return CircleSummary(
        year=year,
        raised=ledger_selectors.tag_total(tag=tag, currency=str(circle.goal.currency)),
        goal=circle.goal,
        member_count=active_members(circle=circle).count(),
        members=listed_member_names(circle=circle),
        impact=impact_lines_text(ledger_selectors.impact_claim(tag=tag)),
    )


def leader_circles(*, donor) -> list[CircleLeader]:
    return list(
        CircleLeader.objects.filter(donor=donor, active=True, circle__live=True)
        .select_related("circle")
        .order_by("circle__title")
    )


def leader_role(*, donor, circle_id: int) -> CircleLeader | None:
    """The donor's active role in this circle, or None (the screens then answer 404)."""
    if donor is None:
        return None
    return (
        CircleLeader.objects.filter(donor=donor, circle_id=circle_id, active=True, circle__live=True)
        .select_related("circle")
        .first()
    )


@dataclass(frozen=True)
class LeaderMemberRow:
    name: str  # "" when the member did not agree to share it
    email: str
    shared_contact: bool
    given_this_year: Money | None  # None when the member did not agree to share amounts
    listed: bool
    joined_at: object


def leader_member_rows(*, circle: CirclePage, year: int | None = None) -> list[LeaderMemberRow]:
    """Members as their leaders may see them; read live, so a withdrawn consent is gone at once."""
    year = year or timezone.localdate().year
    memberships = list(active_members(circle=circle).select_related("donor").order_by("joined_at", "pk"))
    sharing = [m.donor_id for m in memberships if m.share_amounts]
    totals = {
        row["donor_id"]: row
        for row in Donation.objects.filter(
            circle=circle, donor_id__in=sharing, status__in=SETTLED, received_at__year=year
        )
        .values("donor_id", "amount_currency")
        .annotate(paid=Sum("amount"), refunded=Sum("amount_refunded"), covered=Sum("fee_covered"))
        .order_by()
    }
    currency = str(circle.goal.currency)
    rows = []
    for membership in memberships:
        given = None
        if membership.share_amounts:
            row = totals.get(membership.donor_id)
            given = (
                Money(row["paid"] - row["refunded"] - row["covered"], row["amount_currency"])
                if row
                else Money(0, currency)
            )
        rows.append(
            LeaderMemberRow(
                name=membership.name if membership.share_contact else "",
                email=membership.donor.email if membership.share_contact else "",
                shared_contact=membership.share_contact,
                given_this_year=given,
                listed=membership.listed,
                joined_at=membership.joined_at,
            )
        )
    return rows


def open_invitations(*, circle: CirclePage) -> QuerySet[CircleInvitation]:
    return CircleInvitation.objects.filter(circle=circle, accepted_at=None).order_by("-sent_at")


def donor_memberships(*, donor) -> QuerySet[CircleMembership]:
    return (
        CircleMembership.objects.filter(donor=donor)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("circle")
        .order_by("circle__title")
    )
