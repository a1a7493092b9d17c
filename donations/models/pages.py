from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from donations.panels import OversoldSeatsPanel

from .campaigns import Campaign
from .circles import new_key
from .gifts import Frequency

HOME_PAGE = "cms.HomePage"


def parse_suggested_amounts(raw: str) -> list[Decimal]:
    amounts = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            value = Decimal(part)
        except InvalidOperation:
            raise ValidationError(f"“{part}” is not an amount.") from None
        if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
            raise ValidationError(f"“{part}” must be positive with at most two decimals.")
        amounts.append(value.quantize(Decimal("0.01")))
    return amounts


class DonationPage(Page):
    """One appeal: suggested amounts, frequencies, the funds a donor may choose, tribute and fee cover."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="donation_pages"
    )
    suggested_amounts = models.CharField(
        max_length=200, default="25, 50, 100, 250", help_text="Comma-separated amounts in dollars."
    )
    default_frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ONE_TIME)
    allow_recurring = models.BooleanField(default=True)
    designations = ParentalManyToManyField(
        "donations.Designation",
        blank=True,
        help_text="Restricted funds donors may choose on this page; “where most needed” is always offered.",
    )
    allow_fee_cover = models.BooleanField(default=True)
    allow_tribute = models.BooleanField(default=True)
    show_progress = models.BooleanField(default=True, help_text="Show the campaign's progress bar.")
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("campaign"),
        MultiFieldPanel(
            [
                FieldPanel("suggested_amounts"),
                FieldRowPanel([FieldPanel("default_frequency"), FieldPanel("allow_recurring")]),
                FieldPanel("designations"),
                FieldRowPanel([FieldPanel("allow_fee_cover"), FieldPanel("allow_tribute")]),
                FieldPanel("show_progress"),
            ],
            heading="Giving options",
        ),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = [HOME_PAGE]
    subpage_types = []
    template = "donations/donation_page.html"

    class Meta:
        verbose_name = "donation page"

    def clean(self):
        super().clean()
        try:
            parse_suggested_amounts(self.suggested_amounts)
        except ValidationError as error:
            raise ValidationError({"suggested_amounts": error.messages}) from None

    @property
    def amount_choices(self) -> list[Decimal]:
        try:
            return parse_suggested_amounts(self.suggested_amounts)
        except ValidationError:
            return []

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from donations.views import donation_page_serve

        return donation_page_serve(request, page=self)


class CirclePage(Page):
    """A volunteer-led giving circle; gifts made as a member are soft-credited to it (tag circle:<id>)."""

    description = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    leader_name = models.CharField(max_length=150, blank=True, help_text="Shown publicly.")
    goal = MoneyField(
        "yearly goal",
        max_digits=12,
        decimal_places=2,
        default_currency="USD",
        default=0,
        validators=[MinMoneyValidator(0)],
        help_text="What the circle means to raise this calendar year; its leaders may change it.",
    )
    donation_page = models.ForeignKey(
        DonationPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where members give; the form preselects this circle.",
    )
    show_members = models.BooleanField(default=True, help_text="List members who agreed to be named.")
    allow_join_without_gift = models.BooleanField(
        default=False, help_text="Invited supporters may join without giving (their leaders may change it)."
    )
    invite_key = models.CharField(max_length=40, default=new_key, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("leader_name"),
        FieldPanel("goal"),
        FieldPanel("donation_page"),
        FieldPanel("show_members"),
        FieldPanel("allow_join_without_gift"),
    ]

    parent_page_types = [HOME_PAGE]
    subpage_types = []
    template = "donations/circle_page.html"
    exclude_fields_in_copy = ["invite_key"]  # a copied circle gets its own invite link

    class Meta:
        verbose_name = "giving circle"

    @property
    def ledger_tag(self) -> str:
        return f"circle:{self.pk}"

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from donations.selectors import circle_summary

        context = super().get_context(request, *args, **kwargs)
        context["summary"] = circle_summary(circle=self)
        return context


class EventPage(Page):
    """An event with tickets and sponsorship tiers; each carries the fair market value of its benefits."""

    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    designation_key = models.CharField(
        max_length=60, default="most-needed", help_text="Fund that receives the deductible part."
    )

    content_panels = [
        *Page.content_panels,
        OversoldSeatsPanel(heading="Seats to resolve"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("venue")]),
        FieldPanel("description"),
        FieldPanel("designation_key"),
        InlinePanel("ticket_types", heading="Tickets", label="Ticket type"),
        InlinePanel("sponsorship_tiers", heading="Sponsorship tiers", label="Tier"),
    ]

    parent_page_types = [HOME_PAGE]
    subpage_types = []
    template = "donations/event_page.html"

    class Meta:
        verbose_name = "event"

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from donations.selectors_sponsors import sponsors_by_tier

        context = super().get_context(request, *args, **kwargs)
        context["sponsor_groups"] = sponsors_by_tier(event=self)
        return context

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from donations.views import event_page_serve

        return event_page_serve(request, page=self)


class EventOffer(Orderable):
    name = models.CharField(max_length=120)
    price = MoneyField(
        max_digits=12, decimal_places=2, default_currency="USD", validators=[MinMoneyValidator(1)]
    )
    fair_market_value = MoneyField(
        max_digits=12,
        decimal_places=2,
        default_currency="USD",
        default=0,
        validators=[MinMoneyValidator(0)],
        help_text="Good-faith value of what the buyer receives (a dinner, a table). Logo placement and "
        "acknowledgment are worth nothing.",
    )
    benefits = models.CharField(max_length=255, blank=True, help_text="Shown on the receipt.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no limit.")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("fair_market_value")]),
        FieldPanel("benefits"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.price})"

    def clean(self):
        if (
            self.price is not None
            and self.fair_market_value is not None
            and self.fair_market_value > self.price
        ):
            raise ValidationError({"fair_market_value": "The benefits cannot be worth more than the price."})


class TicketType(EventOffer):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="ticket_types")


class SponsorshipTier(EventOffer):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sponsorship_tiers")
    recognition = models.CharField(
        max_length=200,
        blank=True,
        help_text="What sponsors of this tier are credited with, e.g. “logo on the page and programme”.",
    )
    recognition_fmv = MoneyField(
        "fair market value of the recognition",
        max_digits=12,
        decimal_places=2,
        default_currency="USD",
        default=0,
        validators=[MinMoneyValidator(0)],
        help_text="Leave at 0 for a plain acknowledgment. Set it only when the recognition is advertising "
        "with a value; it is then listed among the benefits on the receipt and not deductible.",
    )

    panels = [
        *EventOffer.panels,
        FieldRowPanel([FieldPanel("recognition"), FieldPanel("recognition_fmv")]),
    ]

    def clean(self):
        super().clean()
        if (
            self.price is not None
            and self.fair_market_value is not None
            and self.recognition_fmv is not None
            and self.fair_market_value + self.recognition_fmv > self.price
        ):
            raise ValidationError({"recognition_fmv": "The benefits cannot be worth more than the price."})
