"""Take the pledge: individuals and businesses, a business's invites, and the public page."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .common import NAME_MAX_LENGTH, random_token, validate_person_name

MAX_HEADCOUNT = 100_000


class PledgeKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    BUSINESS = "business", "Business"


class Pledge(models.Model):
    kind = models.CharField(max_length=12, choices=PledgeKind.choices)
    name = models.CharField(
        max_length=NAME_MAX_LENGTH,
        validators=[validate_person_name],
        help_text="The person's name, or the business's name.",
    )
    contact_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, validators=[validate_person_name])
    email = models.EmailField(help_text="Stored in lower case; one pledge of each kind per address.")
    city = models.CharField(max_length=80, blank=True)
    headcount = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)]
    )
    listed = models.BooleanField(default=False, help_text="Agreed to be named on the public pledge wall.")
    join_code = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "email"], name="community_one_pledge_per_kind_and_email"),
            models.CheckConstraint(
                condition=models.Q(kind="individual") | models.Q(headcount__gte=1),
                name="community_business_pledge_has_headcount",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_business(self) -> bool:
        return self.kind == PledgeKind.BUSINESS


class PledgeInvite(models.Model):
    """An employee a business invited by email (from a CSV); the join link in it carries `token`."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at"]
        constraints = [models.UniqueConstraint(fields=["pledge", "email"], name="community_invite_once")]

    def __str__(self):
        return self.email


class PledgePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    individual_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    business_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    course = models.ForeignKey(
        "community.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The training pledgers are sent to.",
    )
    wall_page_size = models.PositiveSmallIntegerField(default=30, validators=[MinValueValidator(5)])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("individual_text"),
        FieldPanel("business_text"),
        FieldPanel("course"),
        FieldPanel("wall_page_size"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "community/pledge_page.html"

    class Meta:
        verbose_name = "pledge page"

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from community.views.pledges import pledge_page_serve

        return pledge_page_serve(request, page=self)
