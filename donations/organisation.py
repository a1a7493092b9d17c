"""The organisation's legal identity for receipts, read from the CMS site settings at call time.

donations may not import cms; the settings model is looked up by name, and Django settings
(DONATIONS_ORGANISATION) fill any gap so a receipt never goes out without a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings

_CANDIDATE_MODELS = ("OrganisationSettings", "OrganizationSettings", "SiteSettings")
_FIELDS = {
    "legal_name": ("legal_name", "organisation_name", "name"),
    "ein": ("ein", "tax_id", "employer_identification_number"),
    "address": ("address", "postal_address", "mailing_address"),
    "signatory": ("receipt_signatory_name", "signatory", "signatory_name", "receipt_signatory"),
    "signatory_title": ("signatory_title", "receipt_signatory_title"),
    "email": ("email", "contact_email", "receipts_email"),
}


@dataclass(frozen=True)
class Organisation:
    legal_name: str
    ein: str
    address: str = ""
    signatory: str = ""
    signatory_title: str = ""
    email: str = ""


def _settings_instance():
    for name in _CANDIDATE_MODELS:
        try:
            model = apps.get_model("cms", name)
        except LookupError:
            continue
        if hasattr(model, "load"):
            return model.load()
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is not None and hasattr(model, "for_site"):
            return model.for_site(site)
    return None


def organisation() -> Organisation:
    configured = dict(settings.DONATIONS_ORGANISATION)
    instance = _settings_instance()
    values = {}
    for key, names in _FIELDS.items():
        found = ""
        if instance is not None:
            for name in names:
                value = getattr(instance, name, "")
                if value and isinstance(value, str):
                    found = value.strip()
                    break
        values[key] = found or str(configured.get(key, "") or "")
    values["legal_name"] = values["legal_name"] or settings.WAGTAIL_SITE_NAME
    return Organisation(**values)
