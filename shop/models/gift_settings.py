"""Gifts of Hope settings and the colour palette staff manage."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

MONEY = {
    "max_digits": 10,
    "decimal_places": 2,
    "default_currency": "USD",
    "validators": [MinMoneyValidator(0)],
}


class PaletteColour(models.Model):
    name = models.CharField(max_length=40, unique=True, help_text="Shown next to the swatch, e.g. 'Sage'.")
    hex = models.CharField(
        max_length=7, validators=[RegexValidator(r"^#[0-9A-Fa-f]{6}$", "Use #RRGGBB, e.g. #6B8F71.")]
    )
    for_ribbon = models.BooleanField(default=True)
    for_tissue = models.BooleanField(default=True)
    for_card = models.BooleanField(default=True)
    is_active = models.BooleanField("offered", default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "palette colour"

    def __str__(self):
        return self.name


@register_setting(icon="pick")
class GiftsSettings(BaseGenericSetting):
    shipping_countries = models.CharField(
        max_length=200, default="US,CA", help_text="Two-letter codes gift boxes ship to, comma separated."
    )
    shipping_per_recipient = MoneyField(**MONEY, default=9.5)
    quote_min_quantity = models.PositiveIntegerField(
        default=100, help_text="Orders of this many boxes or more are invoiced (quote), not paid by card."
    )
    quote_min_amount = MoneyField(**MONEY, default=2500)
    invoice_days_until_due = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    message_max_length = models.PositiveSmallIntegerField(
        default=300, validators=[MinValueValidator(20), MaxValueValidator(600)]
    )
    colours_surcharge = MoneyField(**MONEY, default=0, help_text="Per box, when colours are chosen.")
    colours_setup_fee = MoneyField(**MONEY, default=0)
    logo_surcharge = MoneyField(**MONEY, default=1.5, help_text="Per box with a logo.")
    logo_setup_fee = MoneyField(**MONEY, default=35, help_text="Once per order with a logo.")
    initials_surcharge = MoneyField(**MONEY, default=1)
    initials_setup_fee = MoneyField(**MONEY, default=0)
    message_surcharge = MoneyField(**MONEY, default=0.5)
    message_setup_fee = MoneyField(**MONEY, default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("shipping_countries"), FieldPanel("shipping_per_recipient")], heading="Shipping"
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("quote_min_quantity"), FieldPanel("quote_min_amount")]),
                FieldPanel("invoice_days_until_due"),
            ],
            heading="Quotes and invoices",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("colours_surcharge"), FieldPanel("colours_setup_fee")]),
                FieldRowPanel([FieldPanel("logo_surcharge"), FieldPanel("logo_setup_fee")]),
                FieldRowPanel([FieldPanel("initials_surcharge"), FieldPanel("initials_setup_fee")]),
                FieldRowPanel([FieldPanel("message_surcharge"), FieldPanel("message_setup_fee")]),
                FieldPanel("message_max_length"),
            ],
            heading="Customisation prices",
        ),
    ]

    class Meta:
        verbose_name = "Gifts of Hope settings"

    @property
    def country_list(self) -> list[str]:
        return [c.strip().upper() for c in self.shipping_countries.split(",") if len(c.strip()) == 2]
