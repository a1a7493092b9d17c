"""Catalogue pages: ShopIndexPage -> optional CategoryPage -> ProductPage, with inline variants and images."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page
from wagtail.search import index


class DescriptionBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    heading = blocks.CharBlock(max_length=120, form_classname="title")
    image = ImageBlock()  # carries its own alt text
    quote = blocks.BlockQuoteBlock()


class ListingPageMixin:
    """Shared by the shop index and category pages: both list products through the same selector."""

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from shop.selectors import catalogue_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_page_context(page=self, params=request.GET, request=request))
        return context


class ShopIndexPage(ListingPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    products_per_page = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1)], help_text="Products per listing page."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("products_per_page")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["shop.CategoryPage", "shop.ProductPage"]
    max_count = 1
    template = "shop/shop_index_page.html"

    class Meta:
        verbose_name = "shop"


class CategoryPage(ListingPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["shop.ShopIndexPage"]
    subpage_types = ["shop.ProductPage"]
    template = "shop/category_page.html"

    class Meta:
        verbose_name = "product category"
        verbose_name_plural = "product categories"

    @property
    def products_per_page(self):
        parent = self.get_parent().specific
        return getattr(parent, "products_per_page", 12)


class ProductPage(Page):
    summary = models.CharField(max_length=240, help_text="One or two sentences shown in listings.")
    description = StreamField(DescriptionBlock(), blank=True, use_json_field=True)
    materials = models.TextField(blank=True)
    care = models.TextField("care instructions", blank=True)
    maker = models.ForeignKey(
        "shop.Maker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text="Shown only while the maker's website consent is valid.",
    )
    labour_minutes = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text="Survivor working time per item; variants may override. Feeds the impact line.",
    )
    option1_name = models.CharField(max_length=40, blank=True, help_text='e.g. "Colour"')
    option2_name = models.CharField(max_length=40, blank=True, help_text='e.g. "Size"')

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("images", label="Gallery", heading="Images"),
        MultiFieldPanel(
            [FieldPanel("materials"), FieldPanel("care"), FieldPanel("labour_minutes")], heading="Details"
        ),
        FieldPanel("maker"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("option1_name"), FieldPanel("option2_name")]),
                InlinePanel("variants", label="Variant", min_num=1),
            ],
            heading="Variants, prices and stock",
        ),
    ]
    # Maker fields are deliberately not indexed: a revoked story must vanish from search at once.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("materials"),
        index.AutocompleteField("title"),
    ]
    parent_page_types = ["shop.ShopIndexPage", "shop.CategoryPage"]
    subpage_types = []
    template = "shop/product_page.html"

    class Meta:
        verbose_name = "product"

    def save(self, *args, **kwargs):
        # Publishing writes the variants from the revision; their stock there may be stale (sales
        # happened since the draft was made). Keep the live stock, locked in the checkout's order.
        with transaction.atomic():
            self._keep_live_stock()
            return super().save(*args, **kwargs)

    def _keep_live_stock(self) -> None:
        if self.pk is None:
            return
        variants = [variant for variant in self.variants.all() if variant.pk is not None]
        if not variants:
            return
        live = dict(
            ProductVariant.objects.select_for_update()
            .filter(product_id=self.pk, pk__in=[variant.pk for variant in variants])
            .order_by("pk")
            .values_list("pk", "stock")
        )
        for variant in variants:
            if variant.pk in live:
                variant.stock = live[variant.pk]

    def get_context(self, request, *args, **kwargs):
        # Wagtail renders the page from get_context; the selectors import these models, so they are
        # imported when a page is served.
        from shop.selectors import product_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(product_page_context(product=self))
        return context


class ProductImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(max_length=200, help_text="Describe the image for people who cannot see it.")
    caption = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    def __str__(self):
        return self.alt_text


class ProductVariant(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    option1_value = models.CharField(max_length=60, blank=True)
    option2_value = models.CharField(max_length=60, blank=True)
    price = MoneyField(
        max_digits=10, decimal_places=2, default_currency="USD", validators=[MinMoneyValidator(0)]
    )
    compare_at_price = MoneyField(
        max_digits=10,
        decimal_places=2,
        default_currency="USD",
        null=True,
        blank=True,
        help_text="The former price, shown struck through when higher than the price.",
    )
    stock = models.PositiveIntegerField(
        default=0,
        help_text="Opening stock of a new variant. Afterwards stock is live: change it in the Stock menu "
        "(publishing this page never overwrites it).",
    )
    low_stock_threshold = models.PositiveIntegerField(
        default=3, help_text="Staff get an email when stock falls to this level."
    )
    weight_grams = models.PositiveIntegerField(default=0)
    labour_minutes = models.DecimalField(
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Leave empty to use the product's labour minutes.",
    )
    is_active = models.BooleanField("active", default=True)

    panels = [
        FieldRowPanel([FieldPanel("sku"), FieldPanel("option1_value"), FieldPanel("option2_value")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("compare_at_price")]),
        FieldRowPanel([FieldPanel("stock"), FieldPanel("low_stock_threshold"), FieldPanel("weight_grams")]),
        FieldRowPanel([FieldPanel("labour_minutes"), FieldPanel("is_active")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            # The database refuses oversold stock even if a code path forgets the conditional update.
            models.CheckConstraint(condition=Q(stock__gte=0), name="shop_variant_stock_not_negative"),
        ]

    def __str__(self):
        return f"{self.product.title} ({self.label})" if self.label else self.product.title

    def clean(self):
        super().clean()
        prices = (self.compare_at_price, self.price)
        if None not in prices and self.compare_at_price.currency != self.price.currency:
            raise ValidationError({"compare_at_price": "Use the same currency as the price."})

    @property
    def label(self) -> str:
        return " / ".join(v for v in (self.option1_value, self.option2_value) if v)

    @property
    def effective_labour_minutes(self) -> Decimal:
        return self.labour_minutes if self.labour_minutes is not None else self.product.labour_minutes

    @property
    def in_stock(self) -> bool:
        return self.is_active and self.stock > 0

    @property
    def on_sale(self) -> bool:
        return self.compare_at_price is not None and self.compare_at_price > self.price
