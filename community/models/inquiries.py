"""Hosting, pop-up shop and speaker inquiries, with the email thread staff keep on each."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .common import NAME_MAX_LENGTH, random_code, validate_person_name, validate_phone


class InquiryKind(models.TextChoices):
    WAREHOUSE = "warehouse", "Host an event in our warehouse"
    POPUP = "popup", "Bring a pop-up shop to my event"
    SPEAKER = "speaker", "A speaker for my event"


class InquiryStatus(models.TextChoices):
    NEW = "new", "New"
    DISCUSSION = "discussion", "In discussion"
    QUOTED = "quoted", "Quoted"
    BOOKED = "booked", "Booked"
    DECLINED = "declined", "Declined"


class InquiryPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    warehouse_capacity = models.PositiveIntegerField(
        default=120, validators=[MinValueValidator(1)], help_text="Most guests the warehouse holds."
    )
    max_guests_elsewhere = models.PositiveIntegerField(
        default=5000,
        validators=[MinValueValidator(1)],
        help_text="Largest event we bring a pop-up or speaker to.",
    )
    min_notice_days = models.PositiveSmallIntegerField(
        default=14, help_text="Earliest date: today plus this."
    )
    max_months_ahead = models.PositiveSmallIntegerField(
        default=18, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("warehouse_capacity"), FieldPanel("max_guests_elsewhere")]),
                FieldRowPanel([FieldPanel("min_notice_days"), FieldPanel("max_months_ahead")]),
            ],
            heading="Limits",
        ),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "community/inquiry_page.html"

    class Meta:
        verbose_name = "hosting inquiry page"

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from community.views.inquiries import inquiry_page_serve

        return inquiry_page_serve(request, page=self)


class FindUsPage(Page):
    """Where to find us: booked pop-up shops and talks that staff chose to publish."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "community/find_us_page.html"

    class Meta:
        verbose_name = "where to find us page"

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from community.selectors import public_appearances

        context = super().get_context(request, *args, **kwargs)
        context["appearances"] = public_appearances()
        return context


class Inquiry(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    kind = models.CharField(max_length=12, choices=InquiryKind.choices)
    status = models.CharField(max_length=12, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    name = models.CharField(max_length=NAME_MAX_LENGTH, validators=[validate_person_name])
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    organisation = models.CharField(max_length=150, blank=True)
    event_date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    expected_guests = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    event_type = models.CharField("kind of event", max_length=120)
    venue = models.CharField(max_length=200, blank=True, help_text="Where the event is (pop-ups and talks).")
    needs = models.TextField(blank=True, max_length=3000)
    publish = models.BooleanField(
        default=False, help_text="List this booked pop-up or talk on the public “where to find us” page."
    )
    public_title = models.CharField(max_length=150, blank=True, help_text="The name shown publicly.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "inquiries"
        constraints = [
            models.UniqueConstraint(
                fields=["event_date"],
                condition=models.Q(kind="warehouse", status="booked"),
                name="community_one_booked_warehouse_event_per_date",
                violation_error_message="Another warehouse event is already booked on this date.",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_guests__gte=1), name="community_inquiry_guests_positive"
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.get_kind_display()} · {self.event_date:%b %-d, %Y}"


class MessageDirection(models.TextChoices):
    INCOMING = "in", "From the requester"
    OUTGOING = "out", "Our reply"


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=MessageDirection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject
