"""Magic links into the donor portal: signed, expiring, single use; only a hash is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from donations import emails
from donations.models import Donor, PortalToken

_SALT = "donations.portal"


def _ttl_minutes() -> int:
    return settings.DONATIONS_PORTAL_LINK_MINUTES


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def portal_token_create(*, donor: Donor) -> str:
    raw = secrets.token_urlsafe(32)
    PortalToken.objects.create(
        donor=donor, token_hash=_hash(raw), expires_at=timezone.now() + dt.timedelta(minutes=_ttl_minutes())
    )
    return signing.dumps(raw, salt=_SALT, compress=False)


def portal_link_send(*, email: str) -> bool:
    """Email a sign-in link if a donor has this address. Returns whether one was sent; callers must
    not tell the visitor, so nobody can probe who gives."""
    donor = Donor.objects.filter(email__iexact=(email or "").strip()).first()
    if donor is None:
        return False
    token = portal_token_create(donor=donor)
    link = emails.site_url(reverse("donations:portal_enter", kwargs={"token": token}))
    transaction.on_commit(
        lambda: emails.portal_link_email(email=donor.email, link=link, minutes=_ttl_minutes())
    )
    return True


@transaction.atomic
def portal_token_usable(*, token: str) -> bool:
    """Whether the link could still sign someone in (read-only: showing the page spends nothing)."""
    try:
        raw = signing.loads(token, salt=_SALT, max_age=dt.timedelta(minutes=_ttl_minutes()))
    except signing.BadSignature:
        return False
    return PortalToken.objects.filter(
        token_hash=_hash(raw), used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


@transaction.atomic
def portal_token_redeem(*, token: str) -> Donor | None:
    """The donor the link belongs to, consuming it; None if forged, expired or already used."""
    try:
        raw = signing.loads(token, salt=_SALT, max_age=dt.timedelta(minutes=_ttl_minutes()))
    except signing.BadSignature:
        return None
    row = (
        PortalToken.objects.select_for_update(of=("self",))
        .select_related("donor")
        .filter(token_hash=_hash(raw))
        .first()
    )
    now = timezone.now()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    row.used_at = now
    row.save(update_fields=["used_at"])
    return row.donor
