"""Pledge writes: individual and business pledges and a business's invitations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from community import tasks
from community.models import Pledge, PledgeInvite, PledgeKind
from core.mail import enqueue_on_commit


@transaction.atomic
def pledge_create(
    *,
    kind: str,
    name: str,
    email: str,
    listed: bool,
    city: str = "",
    contact_name: str = "",
    headcount: int | None = None,
) -> tuple[Pledge, bool]:
    """One pledge per kind and address: a repeated pledge returns the first one (never counted twice)."""
    email = email.strip().lower()
    existing = Pledge.objects.filter(kind=kind, email=email).first()
    if existing is not None:
        if kind == PledgeKind.BUSINESS:
            # The private link goes only to the address that made the pledge.
            enqueue_on_commit(tasks.pledge_link_send, pledge_id=existing.pk)
        return existing, False
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                kind=kind,
                name=name.strip(),
                email=email,
                listed=listed,
                city=city.strip(),
                contact_name=contact_name.strip(),
                headcount=headcount if kind == PledgeKind.BUSINESS else None,
            )
    except IntegrityError:
        return Pledge.objects.get(kind=kind, email=email), False
    if kind == PledgeKind.BUSINESS:
        enqueue_on_commit(tasks.pledge_link_send, pledge_id=pledge.pk)
    else:
        enqueue_on_commit(tasks.pledge_thanks_send, pledge_id=pledge.pk)
    return pledge, True


@dataclass(frozen=True)
class InviteOutcome:
    invited: int
    already_invited: int


@transaction.atomic
def pledge_invites_create(*, pledge: Pledge, emails: list[str]) -> InviteOutcome:
    """Invite each new address once and email it the join link; addresses invited before are skipped."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    known = set(PledgeInvite.objects.filter(pledge=pledge, email__in=emails).values_list("email", flat=True))
    fresh = [email for email in dict.fromkeys(emails) if email not in known]
    created = PledgeInvite.objects.bulk_create([PledgeInvite(pledge=pledge, email=email) for email in fresh])
    for invite in PledgeInvite.objects.filter(pledge=pledge, email__in=[invite.email for invite in created]):
        enqueue_on_commit(tasks.pledge_invite_send, invite_id=invite.pk)
    return InviteOutcome(invited=len(created), already_invited=len(emails) - len(fresh))


def pledge_invite_mark_sent(*, invite_id: int) -> bool:
    """Claim the invite for sending; False if it was sent already (a retried task sends nothing twice)."""
    return PledgeInvite.objects.filter(pk=invite_id, sent_at__isnull=True).update(sent_at=timezone.now()) == 1
