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
    Donor,
    MembershipStatus,
)
from donations.models.circles import new_key

from .donors import normalise_email
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
