"""Volunteer work days: the page, its waiver, shifts and sign-ups (with the waitlist)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .common import NAME_MAX_LENGTH, random_code, random_token, validate_person_name, validate_phone

MAX_PARTY_SIZE = 50


class VolunteerPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    what_to_expect = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    waiver_text = models.TextField(
        max_length=10_000,
        help_text="Every volunteer accepts this text; a sign-up stores the version it accepted. "
        "Changing it starts a new version.",
    )
    waiver_version = models.PositiveIntegerField(default=1, editable=False)
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("what_to_expect"),
        MultiFieldPanel([FieldPanel("waiver_text")], heading="Waiver"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "community/volunteer_page.html"

    class Meta:
        verbose_name = "volunteer page"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                VolunteerPage.objects.filter(pk=self.pk).values_list("waiver_text", "waiver_version").first()
            )
            if stored and stored[0].strip() != (self.waiver_text or "").strip():
                self.waiver_version = stored[1] + 1
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from community.views.volunteering import volunteer_page_serve

        return volunteer_page_serve(request, page=self)


class Shift(models.Model):
    """One work day slot. Times are stored in UTC and entered and shown in the organisation's TIME_ZONE."""

    task = models.CharField(max_length=150, help_text="What volunteers will do, e.g. “Pack gift boxes”.")
    description = models.TextField(blank=True, max_length=2000)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(500)])
    minimum_age = models.PositiveSmallIntegerField(default=16, validators=[MaxValueValidator(99)])
    what_to_bring = models.TextField(blank=True, max_length=1000)
    published = models.BooleanField(default=True)
    waitlist_enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="community_shift_ends_after_start",
                violation_error_message="The shift must end after it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="community_shift_capacity_positive"
            ),
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{self.task}, {timezone.localtime(self.starts_at):%a %b %-d %Y, %-I:%M %p}"


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waitlist"
    OFFERED = "offered", "Offered a freed place"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Offer expired"


# Places held against capacity: confirmed groups and waitlisted groups that were offered a place.
HOLDING_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.OFFERED)
ACTIVE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.OFFERED, SignupStatus.WAITLISTED)


class ShiftSignup(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="signups")
    reference = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    name = models.CharField(max_length=NAME_MAX_LENGTH, validators=[validate_person_name])
    email = models.EmailField()
    phone = models.CharField(max_length=30, validators=[validate_phone])
    party_size = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)]
    )
    age_confirmed = models.BooleanField()
    waiver_version = models.PositiveIntegerField()
    waiver_text = models.TextField(help_text="The waiver exactly as accepted.")
    status = models.CharField(max_length=12, choices=SignupStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party_size__gte=1), name="community_party_size_positive"
            ),
            # A repeated submission never books a second group under the same address.
            models.UniqueConstraint(
                fields=["shift", "email"],
                condition=models.Q(status__in=["confirmed", "offered", "waitlisted"]),
                name="community_one_active_signup_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.name}, party of {self.party_size} ({self.get_status_display()})"
