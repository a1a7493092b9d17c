import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import date_format
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

MOST_NEEDED = "most-needed"


class Designation(models.Model):
    """A restricted fund staff let donors choose; "where most needed" is always offered besides these."""

    name = models.CharField(max_length=120)
    fund_slug = models.CharField(
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", "Use lowercase letters, digits and hyphens.")],
        help_text="The ledger fund this gift is booked to (its slug), e.g. 'counseling'.",
    )
    description = models.CharField(max_length=255, blank=True)
    enabled = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("fund_slug"), FieldPanel("description"), FieldPanel("enabled")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.fund_slug == MOST_NEEDED:
            raise ValidationError({"fund_slug": "'most-needed' is built in; choose a restricted fund."})


class Campaign(models.Model):
    """An appeal with a goal and dates; progress is read from the ledger by the tag campaign:<id>."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True)
    goal = MoneyField(
        max_digits=12, decimal_places=2, default_currency="USD", validators=[MinMoneyValidator(0)]
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    show_donor_wall = models.BooleanField(
        default=False, help_text="List donors who agreed to be named on the campaign page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("goal"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])], heading="Dates"),
        FieldPanel("show_donor_wall"),
    ]

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The campaign cannot end before it starts."})

    @property
    def ledger_tag(self) -> str:
        return f"campaign:{self.pk}"

    def giving_closed_reason(self, *, today: dt.date) -> str:
        """Why the campaign takes no gifts on `today` (a local date), or "" while it is open.

        Both dates are inclusive: gifts are taken from the first day to the end of the last."""
        if today < self.starts_on:
            return (
                f"{self.name} opens for gifts on {date_format(self.starts_on)}. "
                "Please come back then; nothing has been charged."
            )
        if self.ends_on is not None and today > self.ends_on:
            return (
                f"{self.name} ended on {date_format(self.ends_on)} and no longer takes gifts. "
                "Thank you to everyone who gave; nothing has been charged."
            )
        return ""
