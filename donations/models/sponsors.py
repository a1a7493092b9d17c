"""Sponsor recognition: what a paid sponsorship buys on the event page and in the printed programme.

A Sponsor row exists for every paid sponsorship. The sponsor fills it in through a signed link
(logo, display name, website, how to be credited); staff approve it before anything appears in
public. Logos live in the private storage and are served only once approved.
"""

import secrets

from django.core.files.storage import storages
from django.db import models


def private_storage():
    return storages["private"]


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


def sponsor_logo_path(instance, filename: str) -> str:
    return f"sponsor-logos/{instance.event_id}/{secrets.token_hex(10)}"


class HttpsURLField(models.URLField):
    """A website field whose forms read "example.org" as https://example.org (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class CreditAs(models.TextChoices):
    LOGO = "logo", "Our logo, linked to our website"
    NAME = "name", "Our name only, linked to our website"
    ANONYMOUS = "anonymous", "Anonymously (not listed)"


class RecognitionStatus(models.TextChoices):
    AWAITING_DETAILS = "awaiting", "Awaiting the sponsor's details"
    PENDING = "pending", "Waiting for staff approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Sent back to the sponsor"


class Sponsor(models.Model):
    donation = models.OneToOneField("donations.Donation", on_delete=models.PROTECT, related_name="sponsor")
    event = models.ForeignKey("donations.EventPage", on_delete=models.CASCADE, related_name="sponsors")
    tier = models.ForeignKey(
        "donations.SponsorshipTier", on_delete=models.SET_NULL, null=True, blank=True, related_name="sponsors"
    )
    # Snapshots: the tier may be renamed or deleted after the sale, the programme still prints it.
    tier_name = models.CharField(max_length=120)
    tier_price = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Orders tiers, largest first."
    )
    display_name = models.CharField(max_length=120, blank=True)
    website = HttpsURLField(max_length=300, blank=True)
    credit_as = models.CharField(max_length=10, choices=CreditAs.choices, default=CreditAs.LOGO)
    logo = models.FileField(storage=private_storage, upload_to=sponsor_logo_path, blank=True, max_length=200)
    logo_content_type = models.CharField(max_length=40, blank=True)
    logo_width = models.PositiveIntegerField(null=True, blank=True)
    logo_height = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=RecognitionStatus.choices, default=RecognitionStatus.AWAITING_DETAILS
    )
    review_note = models.CharField(
        max_length=300, blank=True, help_text="Why it was sent back; the sponsor reads this."
    )
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    access_key = models.CharField(max_length=64, default=new_access_key, editable=False)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tier_price", "display_name", "pk"]
        permissions = [("approve_sponsor", "Can approve sponsor recognition")]

    def __str__(self):
        return f"{self.display_name or self.donation.company_name or 'Sponsor'} ({self.tier_name})"

    @property
    def logo_alt(self) -> str:
        return f"{self.display_name} logo"

    @property
    def shows_logo(self) -> bool:
        return self.credit_as == CreditAs.LOGO and bool(self.logo)
