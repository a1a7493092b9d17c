"""Joining a giving circle and leaving it: by giving through the circle, or without a gift when its
leaders allow it (confirmed from the supporter's inbox); every consent a member gave can be withdrawn
at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.mail import enqueue_on_commit
from donations import tasks
from donations.models import (
    CircleInvitation,
    CircleMembership,
    CirclePage,
    Donation,
    JoinedBy,
    MembershipStatus,
)
from donations.models.circles import new_key

from .circles import CircleError
from .donors import donor_get_or_create


def invitation_for(*, circle: CirclePage, key: str) -> CircleInvitation | None:
    if not key:
        return None
    return CircleInvitation.objects.filter(circle=circle, key=key, accepted_at=None).first()


def _invitation_accept(*, circle: CirclePage, email: str, membership: CircleMembership) -> None:
    now = timezone.now()
    open_invites = CircleInvitation.objects.filter(circle=circle, email__iexact=email, accepted_at=None)
    invitation = open_invites.first()
    if invitation is not None and membership.invitation_id is None:
        membership.invitation = invitation
        membership.save(update_fields=["invitation"])
    open_invites.update(accepted_at=now)


@dataclass(frozen=True)
class JoinOutcome:
    membership: CircleMembership
    state: str  # "already_member", "give" (go on to the gift), "confirm_email", "joined"


@transaction.atomic
def circle_join_start(
    *,
    circle: CirclePage,
    email: str,
    name: str,
    listed: bool,
    share_contact: bool,
    share_amounts: bool,
    with_gift: bool,
    invitation: CircleInvitation | None = None,
) -> JoinOutcome:
    """Start joining. Anyone can type any email, so an active member's choices are never changed
    from here, and joining without a gift is confirmed from the inbox unless the visitor came by a
    personal invitation sent to that same address."""
    name = " ".join((name or "").split())[:150]
    if not name:
        raise CircleError("Enter your name.")
    if not with_gift and not circle.allow_join_without_gift:
        raise CircleError("This circle's members join by giving; choose “Give and join”.")
    donor = donor_get_or_create(email=email, fill_blanks=False)
    membership, _created = CircleMembership.objects.select_for_update().get_or_create(
        circle=circle, donor=donor, defaults={"name": name}
    )
    if membership.status == MembershipStatus.ACTIVE:
        return JoinOutcome(membership=membership, state="already_member")
    membership.name = name
    membership.listed, membership.share_contact, membership.share_amounts = (
        listed,
        share_contact,
        share_amounts,
    )
    membership.joined_by = JoinedBy.GIFT if with_gift else JoinedBy.NO_GIFT
    membership.status = MembershipStatus.PENDING
    membership.confirm_key = new_key()
    membership.consent_changed_at = timezone.now()
    if invitation is not None and invitation.circle_id == circle.pk:
        membership.invitation = invitation
    membership.save()
    if with_gift:
        return JoinOutcome(membership=membership, state="give")
    if invitation is not None and invitation.email.lower() == donor.email.lower():
        _activate(membership)
        return JoinOutcome(membership=membership, state="joined")
    enqueue_on_commit(tasks.circle_join_confirm_email_send, membership_id=membership.pk)
    return JoinOutcome(membership=membership, state="confirm_email")


def _activate(membership: CircleMembership) -> None:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = membership.joined_at or timezone.now()
    membership.left_at = None
    membership.save(update_fields=["status", "joined_at", "left_at"])
    _invitation_accept(circle=membership.circle, email=membership.donor.email, membership=membership)


@transaction.atomic
def circle_join_confirm(*, membership_id: int, key: str) -> CircleMembership | None:
    """The supporter clicked the link in their inbox: they are a member (without a gift)."""
    membership = (
        CircleMembership.objects.select_for_update(of=("self",))
        .select_related("circle", "donor")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or not key or membership.confirm_key != key:
        return None
    if membership.status == MembershipStatus.PENDING and membership.joined_by == JoinedBy.NO_GIFT:
        _activate(membership)
    return membership if membership.status == MembershipStatus.ACTIVE else None


@transaction.atomic
def circle_membership_from_gift(*, donation: Donation) -> CircleMembership | None:
    """A gift through a circle has settled: its giver is a member. A pending join keeps the consents
    chosen on the join form; a first gift without one lists the giver only if the gift consented."""
    if donation.circle_id is None or donation.donor_id is None:
        return None
    membership, created = CircleMembership.objects.select_for_update().get_or_create(
        circle_id=donation.circle_id,
        donor_id=donation.donor_id,
        defaults={
            "name": (donation.company_name or donation.giver_name)[:150],
            "listed": donation.wall_consent and not donation.anonymous,
            "joined_by": JoinedBy.GIFT,
        },
    )
    if membership.status == MembershipStatus.ACTIVE:
        return membership
    if not created and membership.status == MembershipStatus.LEFT:
        membership.name = (donation.company_name or donation.giver_name)[:150]
        membership.listed = donation.wall_consent and not donation.anonymous
        membership.share_contact = membership.share_amounts = False
        membership.save(update_fields=["name", "listed", "share_contact", "share_amounts"])
    membership.joined_by = JoinedBy.GIFT
    membership.save(update_fields=["joined_by"])
    _activate(membership)
    return membership


@transaction.atomic
def circle_membership_consent_update(
    *, membership: CircleMembership, listed: bool, share_contact: bool, share_amounts: bool
) -> CircleMembership:
    """The member's own choices; the page and the leaders' list read them on the next request."""
    membership = CircleMembership.objects.select_for_update().get(pk=membership.pk)
    membership.listed, membership.share_contact, membership.share_amounts = (
        listed,
        share_contact,
        share_amounts,
    )
    membership.consent_changed_at = timezone.now()
    membership.save(update_fields=["listed", "share_contact", "share_amounts", "consent_changed_at"])
    return membership


@transaction.atomic
def circle_membership_leave(*, membership: CircleMembership) -> CircleMembership:
    """Leaving withdraws every consent: the member disappears from the page and the leaders' list."""
    membership = CircleMembership.objects.select_for_update().get(pk=membership.pk)
    membership.status = MembershipStatus.LEFT
    membership.listed = membership.share_contact = membership.share_amounts = False
    membership.left_at = membership.consent_changed_at = timezone.now()
    membership.save()
    return membership
