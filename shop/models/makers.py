"""Maker stories, shown only while the maker's consent is valid (DESIGN.md section 8).

A maker record holds no real name and no location: the display name may be a pseudonym and the
internal reference is a staff-chosen code, never shown publicly.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

MAX_CONSENT_YEARS = 3


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ConsentScope(models.TextChoices):
    WEB = "web", "Website"
    PRINT = "print", "Print"
    SOCIAL = "social", "Social media"


class MakerQuerySet(models.QuerySet):
    def with_valid_consent(self, *, scope: str = ConsentScope.WEB, on: dt.date | None = None):
        on = on or timezone.localdate()
        scope_filter = {f"consent_{scope}": True}
        return self.filter(
            Q(revoked=False),
            Q(consent_given_on__lte=on),
            Q(consent_expires_on__gte=on),
            **scope_filter,
        )


class Maker(index.Indexed, models.Model):
    display_name = models.CharField(
        max_length=80,
        help_text="The name shown to the public. A first name or a pseudonym; never a full legal name.",
    )
    internal_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="Staff-only code to find this maker's consent form. Not a name; never shown publicly.",
    )
    story = models.TextField(
        max_length=2000, blank=True, help_text="A short story, in the maker's own words."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt = models.CharField(
        max_length=200, blank=True, help_text="Describe the photo for screen readers."
    )
    consent_web = models.BooleanField("website", default=True)
    consent_print = models.BooleanField("print", default=False)
    consent_social = models.BooleanField("social media", default=False)
    consent_given_on = models.DateField()
    consent_expires_on = models.DateField(
        help_text=f"At most {MAX_CONSENT_YEARS} years after consent was given."
    )
    revoked = models.BooleanField(
        default=False, help_text="Revoking removes the story from every page at once."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MakerQuerySet.as_manager()

    panels = [
        FieldPanel("display_name"),
        FieldPanel("internal_reference"),
        FieldPanel("story"),
        FieldRowPanel([FieldPanel("photo"), FieldPanel("photo_alt")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("consent_web"), FieldPanel("consent_print"), FieldPanel("consent_social")]
                ),
                FieldRowPanel([FieldPanel("consent_given_on"), FieldPanel("consent_expires_on")]),
                FieldPanel("revoked"),
            ],
            heading="Consent",
        ),
    ]
    # Staff search only; the public site never searches makers.
    search_fields = [index.SearchField("display_name"), index.AutocompleteField("display_name")]

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_expires_on__gte=models.F("consent_given_on")),
                name="shop_maker_consent_expires_after_given",
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.revoked and self.revoked_at is None:
            self.revoked_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.consent_given_on and self.consent_expires_on:
            if self.consent_expires_on < self.consent_given_on:
                raise ValidationError({"consent_expires_on": "Expiry must be on or after the consent date."})
            if self.consent_expires_on > add_years(self.consent_given_on, MAX_CONSENT_YEARS):
                raise ValidationError(
                    {"consent_expires_on": f"Consent can last at most {MAX_CONSENT_YEARS} years."}
                )
        if self.photo_id and not self.photo_alt:
            raise ValidationError({"photo_alt": "Describe the photo for people who cannot see it."})

    def consent_valid_for(self, scope: str = ConsentScope.WEB, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            not self.revoked
            and bool(getattr(self, f"consent_{scope}"))
            and self.consent_given_on <= on <= self.consent_expires_on
        )
