"""Emails for sponsors and circles (HTML + text through core.mail), built from
templates/donations/email/<name>.{txt,html}."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.mail import send_templated_email
from donations.emails import site_url
from donations.models import CircleInvitation, CircleMembership, Sponsor
from donations.organisation import organisation


def _send(*, template: str, subject: str, to: list[str], context: dict) -> None:
    context = {"organisation": organisation(), "portal_url": site_url(reverse("donations:portal")), **context}
    send_templated_email(template=f"donations/email/{template}", subject=subject, to=to, context=context)


def sponsor_link_email(*, sponsor_id: int) -> None:
    # Services queue the tasks that send these emails (services -> tasks -> here), so the sponsor
    # link and recognition dates are read from the service module when an email is built.
    from donations.services.sponsors import recognition_open, sponsor_link

    sponsor = Sponsor.objects.select_related("event", "donation__donor").get(pk=sponsor_id)
    donor = sponsor.donation.donor
    if donor is None:
        return
    _send(
        template="sponsor_link",
        subject=f"Your sponsor recognition for {sponsor.event.title}",
        to=[donor.email],
        context={
            "sponsor": sponsor,
            "event": sponsor.event,
            "link": sponsor_link(sponsor),
            "recognition_open": recognition_open(sponsor.event),
            "starts_at": timezone.localtime(sponsor.event.starts_at),
        },
    )


def circle_leader_link_email(*, email: str, link: str) -> None:
    _send(
        template="circle_leader_link",
        subject="Your link to lead your giving circle",
        to=[email],
        context={"link": link},
    )


def circle_invitation_email(*, invitation_id: int) -> None:
    invitation = CircleInvitation.objects.select_related("circle", "invited_by__donor").get(pk=invitation_id)
    circle = invitation.circle
    link = site_url(
        reverse("donations:circle_join", kwargs={"circle_id": circle.pk, "key": circle.invite_key})
        + f"?invitation={invitation.key}"
    )
    leader = invitation.invited_by.donor.full_name if invitation.invited_by else ""
    _send(
        template="circle_invitation",
        subject=f"You're invited to join {circle.title}",
        to=[invitation.email],
        context={"circle": circle, "link": link, "leader": leader},
    )


def circle_join_confirm_email(*, membership_id: int) -> None:
    membership = CircleMembership.objects.select_related("circle", "donor").get(pk=membership_id)
    link = site_url(
        reverse(
            "donations:circle_join_confirm",
            kwargs={"membership_id": membership.pk, "key": membership.confirm_key},
        )
    )
    _send(
        template="circle_join_confirm",
        subject=f"Confirm that you are joining {membership.circle.title}",
        to=[membership.donor.email],
        context={"membership": membership, "circle": membership.circle, "link": link},
    )
