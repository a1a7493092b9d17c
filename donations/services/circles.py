"""Volunteer-led giving circles: leaders sign in by emailed link and run their circle's page, goal and
invitations; supporters join by giving through the circle or, when its leaders allow it, without a
gift (confirmed from their inbox). Every consent a member gave can be withdrawn at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from djmoney.money import Money

from core.mail import enqueue_on_commit
from donations import tasks
from donations.emails import site_url
from donations.models import (
    CircleInvitation,
    CircleLeader,
    CircleMembership,
    CirclePage,
    Donation,
    Donor,
    JoinedBy,
    MembershipStatus,
)
from donations.models.circles import new_key

from .donors import donor_get_or_create, normalise_email
from .portal import portal_token_create

MAX_INVITES = 50
MAX_TEXT = 4000
MAX_GOAL = Decimal("10000000")


class CircleError(Exception):
    """The change cannot be made; `str(error)` says why, fit to show the leader or supporter."""


def _site_url(path: str) -> str:
    return site_url(path)


# --- Leaders ---------------------------------------------------------------------------------


def leader_roles(*, donor: Donor):
    return CircleLeader.objects.filter(donor=donor, active=True, circle__live=True).select_related("circle")


def leader_link_send(*, email: str) -> bool:
    """Email a sign-in link if this address belongs to an active leader. Callers must not tell the
    visitor either way, so nobody can probe who leads a circle."""
    donor = Donor.objects.filter(email__iexact=(email or "").strip()).first()
    if donor is None or not leader_roles(donor=donor).exists():
        return False
    token = portal_token_create(donor=donor)
    link = _site_url(reverse("donations:circle_lead_enter", kwargs={"token": token}))
    enqueue_on_commit(tasks.circle_leader_link_email_send, email=donor.email, link=link)
    return True


def plain_text_to_html(text: str) -> str:
    """A leader's plain text as escaped paragraphs (no markup of theirs reaches the page)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def parse_goal(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "").lstrip("$"))
    except (InvalidOperation, ValueError):
        raise CircleError("Enter the goal as an amount in dollars, such as 12000.") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise CircleError("The goal must be zero or more, with at most two decimals.")
    if value > MAX_GOAL:
        raise CircleError("That goal is larger than we can record; contact us.")
    return value


@transaction.atomic
def circle_page_update(
    *, circle: CirclePage, leader: CircleLeader, text: str, goal, allow_join_without_gift: bool
) -> CirclePage:
    """The leader's edit of the page text and the yearly goal, published as a new revision (staff
    see who changed what in the page history)."""
    if leader.circle_id != circle.pk or not leader.active:
        raise CircleError("You do not lead this circle.")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise CircleError(f"The text is {len(text):,} characters; at most {MAX_TEXT:,}.")
    amount = parse_goal(goal)
    page = CirclePage.objects.select_for_update().get(pk=circle.pk).specific
    page.description = plain_text_to_html(text)
    page.goal = Money(amount, page.goal.currency)
    page.allow_join_without_gift = bool(allow_join_without_gift)
    revision = page.save_revision(log_action=True, changed=True)
    revision.publish()
    return CirclePage.objects.get(pk=page.pk)


@transaction.atomic
def circle_invite_link_rotate(*, circle: CirclePage, leader: CircleLeader) -> str:
    """A new open invite link; the old one stops working at once."""
    if leader.circle_id != circle.pk or not leader.active:
        raise CircleError("You do not lead this circle.")
    key = new_key()
    CirclePage.objects.filter(pk=circle.pk).update(invite_key=key)
    return key


@dataclass
class InviteResult:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def parse_emails(raw: str) -> tuple[list[str], list[str]]:
    """Addresses from a pasted list (commas, semicolons, spaces or lines; "Name <a@b>" allowed)."""
    valid, invalid = [], []
    for part in re.split(r"[,;\s]+", (raw or "").replace("<", " ").replace(">", " ")):
        part = part.strip().strip('"')
        if "@" not in part:
            continue  # empty, or a name next to an address
        try:
            validate_email(part)
        except ValidationError:
            invalid.append(part[:80])
            continue
        email = normalise_email(part)
        if email not in valid:
            valid.append(email)
    return valid, invalid


@transaction.atomic
def circle_invite_send(*, circle: CirclePage, leader: CircleLeader, emails: str) -> InviteResult:
    """Invite each address once; members and addresses with an open invitation are skipped."""
    if leader.circle_id != circle.pk or not leader.active:
        raise CircleError("You do not lead this circle.")
    valid, invalid = parse_emails(emails)
    if not valid and not invalid:
        raise CircleError("Enter at least one email address.")
    if len(valid) > MAX_INVITES:
        raise CircleError(f"Invite up to {MAX_INVITES} people at a time; you entered {len(valid)}.")
    result = InviteResult(invalid=invalid)
    members = set(
        CircleMembership.objects.filter(circle=circle, status=MembershipStatus.ACTIVE).values_list(
            "donor__email", flat=True
        )
    )
    for email in valid:
        if email in {m.lower() for m in members}:
            result.already.append(email)
            continue
        try:
            with transaction.atomic():
                invitation = CircleInvitation.objects.create(circle=circle, email=email, invited_by=leader)
        except IntegrityError:
            result.already.append(email)
            continue
        result.sent.append(email)
        enqueue_on_commit(tasks.circle_invitation_email_send, invitation_id=invitation.pk)
    return result


# --- Joining -----------------------------------------------------------------------------------


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
