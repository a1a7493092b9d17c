"""Sponsor recognition: the sponsor's signed link, their details and logo, staff review.

The link is a capability that lasts as long as the event's recognition does (the sponsor comes back
after the event for the impact statement); staff can resend it, which rotates the key so an older
link stops working.
"""

from __future__ import annotations

from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from djmoney.money import Money

from core.mail import enqueue_on_commit
from core.uploads import UploadRefused, logo_check
from donations import tasks
from donations.emails import site_url
from donations.models import (
    CreditAs,
    Donation,
    EventPage,
    GiftKind,
    RecognitionStatus,
    Sponsor,
    SponsorshipTier,
)
from donations.models.sponsors import new_access_key

_SALT = "donations.sponsor"
SETTLED = ("paid", "partially_refunded", "disputed")


class SponsorError(Exception):
    """The sponsor's change cannot be made; `str(error)` says why, fit to show them."""


def tier_benefit(*, tier: SponsorshipTier, quantity: int) -> tuple[Money, str]:
    """The fair market value and receipt description of what a sponsorship buys. Recognition is a
    benefit only when staff gave it a value; a plain acknowledgment is not (and is not listed)."""
    fmv = tier.fair_market_value * quantity
    parts = [tier.benefits or tier.name]
    if tier.recognition_fmv.amount > 0:
        fmv = fmv + tier.recognition_fmv * quantity
        parts.append(f"recognition: {tier.recognition or 'sponsor recognition'}")
    return fmv, f"{quantity} x {tier.name}: {'; '.join(parts)}"[:255]


def recognition_open(event: EventPage, *, now=None) -> bool:
    """Logos and names can change until the event starts (the programme is printed by then)."""
    return (now or timezone.now()) < event.starts_at


def statement_available(event: EventPage, *, now=None) -> bool:
    """The impact statement is ready the day after the event, once its takings are booked."""
    now = now or timezone.now()
    return timezone.localdate(now) > timezone.localdate(event.starts_at)


def sponsor_token(sponsor: Sponsor) -> str:
    return signing.dumps({"s": sponsor.pk, "k": sponsor.access_key}, salt=_SALT, compress=False)


def sponsor_from_token(token: str) -> Sponsor | None:
    """The sponsor a link belongs to; None if forged, or replaced by a newer link."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("k"), str):
        return None
    sponsor = Sponsor.objects.select_related("event", "donation").filter(pk=data["s"]).first()
    if sponsor is None or not constant_time_compare(sponsor.access_key, data["k"]):
        return None
    return sponsor


def sponsor_link(sponsor: Sponsor) -> str:
    return site_url(reverse("donations:sponsor_home", kwargs={"token": sponsor_token(sponsor)}))


def _link_email_on_commit(sponsor: Sponsor) -> None:
    enqueue_on_commit(tasks.sponsor_link_email_send, sponsor_id=sponsor.pk)


@transaction.atomic
def sponsor_create_for_donation(*, donation: Donation, notify: bool = True) -> Sponsor | None:
    """A sponsorship was paid: open its recognition and send the sponsor their link (once)."""
    if donation.kind != GiftKind.SPONSORSHIP or donation.event_id is None:
        return None
    existing = Sponsor.objects.filter(donation=donation).first()
    if existing is not None:
        return existing
    tier = donation.sponsorship_tier
    sponsor = Sponsor.objects.create(
        donation=donation,
        event_id=donation.event_id,
        tier=tier,
        tier_name=tier.name if tier else "Sponsor",
        tier_price=(tier.price.amount if tier else donation.amount.amount),
        display_name=(donation.company_name or donation.giver_name)[:120],
    )
    if notify:
        sponsor.link_sent_at = timezone.now()
        sponsor.save(update_fields=["link_sent_at"])
        _link_email_on_commit(sponsor)
    return sponsor


@transaction.atomic
def sponsor_link_resend(*, sponsor: Sponsor) -> Sponsor:
    """A fresh link by email; any earlier link stops working."""
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    sponsor.access_key = new_access_key()
    sponsor.link_sent_at = timezone.now()
    sponsor.save(update_fields=["access_key", "link_sent_at"])
    _link_email_on_commit(sponsor)
    return sponsor


@transaction.atomic
def sponsor_details_submit(
    *,
    sponsor: Sponsor,
    display_name: str,
    website: str = "",
    credit_as: str = CreditAs.LOGO,
    logo=None,
    remove_logo: bool = False,
) -> Sponsor:
    """The sponsor's name, website, credit and logo (checked by decoding it: PNG or JPEG). Whatever
    they change goes back to staff for approval before it appears."""
    sponsor = Sponsor.objects.select_for_update().select_related("event", "donation").get(pk=sponsor.pk)
    if not recognition_open(sponsor.event):
        raise SponsorError(
            "The event has taken place, so sponsor recognition can no longer change. "
            "Your impact statement is below; contact us for anything else."
        )
    if sponsor.donation.status not in SETTLED:
        raise SponsorError("This sponsorship was refunded, so it is no longer recognised.")
    display_name = " ".join((display_name or "").split())[:120]
    if not display_name:
        raise SponsorError("Enter the name to credit.")
    if credit_as not in CreditAs.values:
        raise SponsorError("Choose how you would like to be credited.")
    checked = None
    if logo is not None:
        try:
            checked = logo_check(upload=logo, allow_pdf=False)
        except UploadRefused as refused:
            raise SponsorError(str(refused)) from refused
    if credit_as == CreditAs.LOGO and checked is None and (remove_logo or not sponsor.logo):
        raise SponsorError("Upload your logo, or choose to be credited by name.")
    if (remove_logo or checked is not None) and sponsor.logo:
        sponsor.logo.delete(save=False)
        sponsor.logo, sponsor.logo_content_type = "", ""
        sponsor.logo_width = sponsor.logo_height = None
    if checked is not None:
        sponsor.logo.save(f"logo.{checked.extension}", ContentFile(checked.content), save=False)
        sponsor.logo_content_type = checked.content_type
        sponsor.logo_width, sponsor.logo_height = checked.width, checked.height
    sponsor.display_name = display_name
    sponsor.website = (website or "").strip()
    sponsor.credit_as = credit_as
    sponsor.status = RecognitionStatus.PENDING
    sponsor.review_note = ""
    sponsor.submitted_at = timezone.now()
    sponsor.save()
    return sponsor


@transaction.atomic
def sponsor_review(*, sponsor: Sponsor, approve: bool, reviewed_by: str, note: str = "") -> Sponsor:
    """Staff approve the recognition (it appears on the event page at once) or send it back."""
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    if sponsor.status == RecognitionStatus.AWAITING_DETAILS:
        raise SponsorError("The sponsor has not sent their details yet.")
    if not approve and not note.strip():
        raise SponsorError("Say what the sponsor should change; they will read it.")
    sponsor.status = RecognitionStatus.APPROVED if approve else RecognitionStatus.REJECTED
    sponsor.review_note = "" if approve else note.strip()[:300]
    sponsor.reviewed_by = reviewed_by[:150]
    sponsor.reviewed_at = timezone.now()
    sponsor.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    if not approve:
        _link_email_on_commit(sponsor)
    return sponsor
