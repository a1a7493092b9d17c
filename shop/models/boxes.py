"""Gifts of Hope pages: the index (story + boxes) and one page per box, classic or build-your-own.

A classic box is a fixed list of catalogue variants; a build-your-own box offers sizes (slots + base
price) filled from variants staff mark eligible. Both carry volume bands, a minimum order quantity and
an optional assembly share (the part of each box's price that pays survivors for packing it).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .catalogue import DescriptionBlock

MONEY = {"max_digits": 10, "decimal_places": 2, "default_currency": "USD"}


class GiftsOfHopeIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    story = StreamField(DescriptionBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("story")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["shop.GiftBoxPage"]
    max_count = 1
    template = "shop/gifts_of_hope_index_page.html"

    class Meta:
        verbose_name = "Gifts of Hope index"

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from shop.selectors.gifts import gifts_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(gifts_index_context(page=self))
        return context


class GiftBoxPage(Page):
    class Kind(models.TextChoices):
        CLASSIC = "classic", "Classic box (fixed contents)"
        BUILD = "build", "Build your own (customer fills the slots)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLASSIC)
    summary = models.CharField(max_length=240, help_text="One or two sentences shown in listings.")
    description = StreamField(DescriptionBlock(), blank=True, use_json_field=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(max_length=200, blank=True, help_text="Describe the image.")
    price = MoneyField(
        **MONEY,
        default=0,
        validators=[MinMoneyValidator(0)],
        help_text="Classic boxes: the price of one box before volume bands. Build-your-own: unused "
        "(each size has a base price and the chosen items add theirs).",
    )
    minimum_quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    assembly_minutes = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text="Survivor working time to pack one box; feeds the assembly share's impact.",
    )
    assembly_share = MoneyField(
        **MONEY,
        default=0,
        validators=[MinMoneyValidator(0)],
        help_text="Part of each box's price booked as packing labour, by its own rule (an allocation "
        "rule for target 'Box' keyed on this page's id, else the gift boxes default). The rest "
        "follows the components' rules.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("minimum_quantity")]),
                FieldRowPanel([FieldPanel("assembly_share"), FieldPanel("assembly_minutes")]),
                InlinePanel("bands", label="Volume band"),
            ],
            heading="Price",
        ),
        InlinePanel("components", label="Component", heading="Classic box contents"),
        InlinePanel("sizes", label="Size", heading="Build-your-own sizes"),
        InlinePanel("choices", label="Eligible item", heading="Build-your-own eligible items"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
    ]
    parent_page_types = ["shop.GiftsOfHopeIndexPage"]
    subpage_types = []
    template = "shop/gift_box_page.html"

    class Meta:
        verbose_name = "gift box"

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from shop.selectors.gifts import box_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(box_page_context(box=self))
        return context

    @property
    def is_build(self) -> bool:
        return self.kind == self.Kind.BUILD


class BoxComponent(Orderable):
    box = ParentalKey(GiftBoxPage, on_delete=models.CASCADE, related_name="components")
    variant = models.ForeignKey(
        "shop.ProductVariant",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A box whose component was deleted cannot be bought until it is replaced.",
    )
    quantity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    panels = [FieldRowPanel([FieldPanel("variant"), FieldPanel("quantity")])]

    def __str__(self):
        return f"{self.quantity} x {self.variant}"


class BoxSize(Orderable):
    box = ParentalKey(GiftBoxPage, on_delete=models.CASCADE, related_name="sizes")
    name = models.CharField(max_length=60)
    slots = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(24)])
    base_price = MoneyField(**MONEY, validators=[MinMoneyValidator(0)], help_text="The box, tissue and card.")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slots"), FieldPanel("base_price")])]

    def __str__(self):
        return f"{self.name} ({self.slots} items)"


class BoxChoice(Orderable):
    box = ParentalKey(GiftBoxPage, on_delete=models.CASCADE, related_name="choices")
    variant = models.ForeignKey("shop.ProductVariant", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("variant")]

    def __str__(self):
        return str(self.variant)


class BoxPriceBand(Orderable):
    box = ParentalKey(GiftBoxPage, on_delete=models.CASCADE, related_name="bands")
    min_quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(90))],
        help_text="Off the box price for orders of at least this many boxes.",
    )

    panels = [FieldRowPanel([FieldPanel("min_quantity"), FieldPanel("discount_percent")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["box", "min_quantity"], name="shop_box_band_unique_threshold")
        ]

    def __str__(self):
        return f"{self.min_quantity}+ boxes: {self.discount_percent} % off"

    def clean(self):
        super().clean()
        if self.discount_percent is not None and self.discount_percent < 0:
            raise ValidationError({"discount_percent": "A band cannot raise the price."})
