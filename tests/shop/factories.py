"""Factories for shop tests: catalogue pages (created through Wagtail's tree), makers, carts and orders."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.conf import settings
from django.utils import timezone
from djmoney.money import Money
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale, Page, Site

from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant, ShopIndexPage

_seq = itertools.count(1)


def usd(amount) -> Money:
    return Money(Decimal(str(amount)), "USD")


def default_site_root() -> Page:
    """The default site's root page; recreated when a transactional test flushed the migration data."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    from ledger.services import accounts_ensure

    accounts_ensure()  # the funds went with the flush too
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Hope Works")
    return home


def shop_index_create(*, title: str = "Shop", slug: str = "shop") -> ShopIndexPage:
    existing = ShopIndexPage.objects.first()
    if existing is not None:
        return existing
    return default_site_root().add_child(instance=ShopIndexPage(title=title, slug=slug, products_per_page=12))


def category_create(*, parent: Page | None = None, title: str | None = None) -> CategoryPage:
    parent = parent or shop_index_create()
    n = next(_seq)
    title = title or f"Category {n}"
    return parent.add_child(instance=CategoryPage(title=title, slug=f"category-{n}"))


def image_create(*, title: str = "Photo"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def product_create(
    *,
    parent: Page | None = None,
    title: str | None = None,
    price="40.00",
    stock: int = 10,
    variants: list[dict] | None = None,
    maker: Maker | None = None,
    labour_minutes: Decimal | int = 60,
    images: int = 0,
    live: bool = True,
    summary: str = "Handmade with care.",
) -> ProductPage:
    parent = parent or shop_index_create()
    n = next(_seq)
    title = title or f"Product {n}"
    product = ProductPage(
        title=title,
        slug=f"product-{n}",
        summary=summary,
        maker=maker,
        labour_minutes=Decimal(labour_minutes),
        option1_name="Colour",
        live=live,
    )
    parent.add_child(instance=product)
    if not live:
        product.unpublish()
    for index, spec in enumerate(variants or [{"price": price, "stock": stock}]):
        ProductVariant.objects.create(
            product=product,
            sku=spec.get("sku", f"SKU-{n}-{index}"),
            option1_value=spec.get("option1_value", ""),
            price=usd(spec.get("price", price)),
            stock=spec.get("stock", stock),
            is_active=spec.get("is_active", True),
            low_stock_threshold=spec.get("low_stock_threshold", 3),
            labour_minutes=spec.get("labour_minutes"),
            sort_order=index,
        )
    for index in range(images):
        ProductImage.objects.create(
            product=product,
            image=image_create(title=f"{title} {index}"),
            alt_text=f"{title} photo {index}",
            sort_order=index,
        )
    return product


def variant_of(product: ProductPage, index: int = 0) -> ProductVariant:
    return ProductVariant.objects.filter(product=product).order_by("sort_order", "pk")[index]


class MakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maker

    display_name = factory.Sequence(lambda n: f"Maker {n}")
    story = "I learned to sew here, and now I teach others."
    consent_web = True
    consent_given_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    consent_expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    revoked = False
