"""Absolute and signed links in community emails and pages."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from community.models import Pledge

RESUME_SALT = "community.training.resume"
PLEDGE_SALT = "community.pledge.manage"


def site_url(path: str = "/") -> str:
    base = settings.COMMUNITY_SITE_URL or settings.WAGTAILADMIN_BASE_URL
    if not base:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site is not None else ""
    return base.rstrip("/") + path


def resume_token(learner) -> str:
    return signing.dumps(learner.key, salt=RESUME_SALT, compress=True)


def learner_key_from_resume_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=RESUME_SALT, max_age=settings.COMMUNITY_RESUME_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None


def resume_url(learner) -> str:
    return site_url(reverse("community:training_resume", args=[resume_token(learner)]))


def pledge_manage_token(pledge) -> str:
    # The join code is part of the signed value, so rotating it (staff) also retires old private links.
    return signing.dumps({"p": pledge.pk, "j": pledge.join_code[:16]}, salt=PLEDGE_SALT, compress=True)


def pledge_from_manage_token(token: str):
    try:
        payload = signing.loads(token, salt=PLEDGE_SALT)
        pledge = Pledge.objects.get(pk=int(payload["p"]), kind="business")
    except (signing.BadSignature, KeyError, TypeError, ValueError, Pledge.DoesNotExist):
        return None
    return pledge if pledge.join_code[:16] == payload.get("j") else None


def pledge_manage_url(pledge) -> str:
    return site_url(reverse("community:pledge_manage", args=[pledge_manage_token(pledge)]))


def pledge_join_url(pledge) -> str:
    return site_url(reverse("community:pledge_join", args=[pledge.join_code]))


def invite_url(invite) -> str:
    return site_url(reverse("community:pledge_invite", args=[invite.token]))


def signup_manage_url(signup) -> str:
    return site_url(reverse("community:signup_manage", args=[signup.token]))


def certificate_verify_url(certificate) -> str:
    return site_url(reverse("community:certificate_verify", args=[certificate.code]))
