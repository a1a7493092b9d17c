"""Shop settings staff edit in the admin (Settings > Shop)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="pick")
class ShopSettings(BaseGenericSetting):
    flat_rate_shipping = MoneyField(
        max_digits=8, decimal_places=2, default_currency="USD", default=8, validators=[MinMoneyValidator(0)]
    )
    free_shipping_threshold = MoneyField(
        max_digits=8,
        decimal_places=2,
        default_currency="USD",
        default=75,
        null=True,
        blank=True,
        help_text="Goods totals at or above this ship free. Empty: never free.",
    )
    shipping_countries = models.CharField(
        max_length=200, default="US", help_text="Two-letter country codes, comma separated."
    )
    local_pickup_enabled = models.BooleanField(default=True)
    local_pickup_label = models.CharField(max_length=80, default="Local pickup at the warehouse")
    automatic_tax = models.BooleanField(default=False, help_text="Let Stripe Tax calculate sales tax.")
    allow_promotion_codes = models.BooleanField(default=True)
    reservation_minutes = models.PositiveIntegerField(
        default=35,
        # Stripe keeps a Checkout Session open at least 30 minutes (payments adds a minute's margin),
        # and the hold must outlast the session, or a late payment finds its stock sold.
        validators=[MinValueValidator(32), MaxValueValidator(24 * 60)],
        help_text="How long checkout holds stock (32 minutes to 24 hours; Stripe's checkout lasts at "
        "least 30 minutes). Short holds stop one visitor keeping stock from everyone else.",
    )
    gift_line_enabled = models.BooleanField("offer a gift in the cart", default=True)
    gift_line_amount = MoneyField(
        max_digits=8, decimal_places=2, default_currency="USD", default=10, validators=[MinMoneyValidator(1)]
    )
    gift_line_designation = models.SlugField(default="counseling", help_text="Fund slug the gift supports.")
    gift_line_label = models.CharField(max_length=120, default="Add a gift for counseling")
    max_quantity_per_line = models.PositiveIntegerField(default=20, validators=[MinValueValidator(1)])
    max_units_held = models.PositiveIntegerField(
        "most units one visitor may hold",
        default=40,
        validators=[MinValueValidator(1)],
        help_text="Units all unpaid checkouts of one cart or one visitor's address may hold at once.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("flat_rate_shipping"), FieldPanel("free_shipping_threshold")]),
                FieldPanel("shipping_countries"),
                FieldRowPanel([FieldPanel("local_pickup_enabled"), FieldPanel("local_pickup_label")]),
            ],
            heading="Shipping",
        ),
        MultiFieldPanel(
            [
                FieldPanel("automatic_tax"),
                FieldPanel("allow_promotion_codes"),
                FieldPanel("reservation_minutes"),
                FieldPanel("max_quantity_per_line"),
                FieldPanel("max_units_held"),
            ],
            heading="Checkout",
        ),
        MultiFieldPanel(
            [
                FieldPanel("gift_line_enabled"),
                FieldRowPanel([FieldPanel("gift_line_amount"), FieldPanel("gift_line_designation")]),
                FieldPanel("gift_line_label"),
            ],
            heading="Gift line",
        ),
    ]

    class Meta:
        verbose_name = "shop settings"

    @property
    def country_list(self) -> list[str]:
        return [c.strip().upper() for c in self.shipping_countries.split(",") if len(c.strip()) == 2]
