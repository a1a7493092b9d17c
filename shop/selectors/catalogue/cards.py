"""Product cards: one flat row per product and its rendition, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from types import SimpleNamespace

from django.apps import apps
from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import mark_safe
from djmoney.money import Money
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from shop.models import Maker, ProductImage, ProductPage, ProductVariant
from shop.models.makers import ConsentScope

from .statements import _statements
from .visibility import product_queryset

CARD_IMAGE_FILTER = "fill-480x480"
CARD_COLUMNS = (
    "pk",
    "title",
    "summary",
    "url_path",
    "price",
    "currency",
    "in_stock",
    "image_id",
    "alt",
    "maker",
)


@dataclass(frozen=True)
class CardImage:
    """A card's rendition: what its <img> needs, read as plain values (no model instances)."""

    url: str
    width: int
    height: int

    def img_tag(self, extra_attributes: dict) -> str:
        # The attributes of Wagtail's Rendition.img_tag, written as Django's flatatt writes them
        # (sorted, escaped, booleans bare), so the markup is the same, without its per-call overhead.
        attrs = {"src": self.url, "width": self.width, "height": self.height, "alt": ""}
        attrs.update(apps.get_app_config("wagtailimages").default_attrs)
        attrs.update(extra_attributes)
        pairs = sorted((k, v) for k, v in attrs.items() if v is not None and not isinstance(v, bool))
        flags = sorted(k for k, v in attrs.items() if v is True)
        written = "".join(f' {escape(k)}="{escape(str(v))}"' for k, v in pairs)
        return mark_safe(f"<img{written}{''.join(f' {escape(k)}' for k in flags)}>")  # escaped above


@dataclass(frozen=True)
class ProductCard:
    """What a listing card shows: one flat row per product, never nested model prefetches."""

    pk: int
    title: str
    summary: str
    url: str
    min_price: Money | None
    has_stock: bool
    maker_name: str
    image: CardImage | None  # the card's rendition, or None for the placeholder
    image_alt: str

    @property
    def image_tag(self) -> str:
        if self.image is None:
            return ""
        return self.image.img_tag({"alt": self.image_alt, "loading": "lazy"})


def _card_columns(products, *, on: dt.date):
    """One row per product with everything its card shows, as correlated subqueries on the given
    rows only: the caller passes one page of ids, so the cost never grows with the catalogue. The
    price comes back as text, read into a Decimal exactly (SQLite would hand the ORM-less cursor a
    float)."""
    active = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True)
    cheapest = active.order_by("price", "sort_order", "pk")
    first_image = ProductImage.objects.filter(product=OuterRef("pk")).order_by("sort_order", "pk")
    maker = Maker.objects.with_valid_consent(scope=ConsentScope.WEB, on=on).filter(pk=OuterRef("maker_id"))
    return products.annotate(
        card_price=Cast(Subquery(cheapest.values("price")[:1]), output_field=CharField()),
        card_currency=Subquery(cheapest.values("price_currency")[:1]),
        card_in_stock=Exists(active.filter(stock__gt=0)),
        card_image_id=Subquery(first_image.values("image_id")[:1]),
        card_image_alt=Subquery(first_image.values("alt_text")[:1]),
        card_maker=Subquery(maker.values("display_name")[:1]),
    ).values_list(
        "pk",
        "title",
        "summary",
        "url_path",
        "card_price",
        "card_currency",
        "card_in_stock",
        "card_image_id",
        "card_image_alt",
        "card_maker",
    )


def _card_rows(product_ids: list[int]) -> list[dict]:
    if not product_ids:
        return []
    on = timezone.localdate()
    rows = _statements.rows(
        ("cards", tuple(product_ids), on),
        lambda: _card_columns(ProductPage.objects.filter(pk__in=product_ids), on=on),
    )
    by_pk = {row[0]: dict(zip(CARD_COLUMNS, row, strict=True)) for row in rows}
    return [by_pk[pk] for pk in product_ids if pk in by_pk]


@functools.cache
def _card_filter() -> tuple[Filter, tuple[str, ...]]:
    # Parsed once (Wagtail parses a spec on every `Filter(...)`): the spec is a constant.
    card_filter = Filter(spec=CARD_IMAGE_FILTER)
    vary_fields = tuple(field for op in card_filter.operations for field in getattr(op, "vary_fields", ()))
    return card_filter, vary_fields


def card_renditions(image_ids) -> dict[int, CardImage]:
    """The card rendition of each image, in one query of plain values.

    Existing renditions are read directly rather than through `Image.get_rendition`, which writes
    every rendition back to the shared cache (with the database cache, a write transaction per card
    per page view); a missing one is made once, the usual way."""
    image_ids = tuple(sorted({image_id for image_id in image_ids if image_id}))
    if not image_ids:
        return {}
    card_filter, vary_fields = _card_filter()
    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    rows = _statements.rows(
        ("renditions", image_ids),
        lambda: rendition_model.objects.filter(
            image_id__in=image_ids, filter_spec=CARD_IMAGE_FILTER
        ).values_list(
            "image_id",
            "file",
            "width",
            "height",
            "focal_point_key",
            *(f"image__{field}" for field in vary_fields),
        ),
    )
    found = {}
    for image_id, file, width, height, focal_point_key, *vary in rows:
        # Wagtail's own test: a rendition made before the focal point moved is not this crop.
        image = SimpleNamespace(**dict(zip(vary_fields, vary, strict=True)))
        if focal_point_key == card_filter.get_cache_key(image):
            found[image_id] = CardImage(url=storage.url(file), width=width, height=height)
    missing = set(image_ids) - found.keys()
    for image in get_image_model().objects.filter(pk__in=missing) if missing else ():
        rendition = image.get_rendition(card_filter)
        found[image.pk] = CardImage(url=rendition.url, width=rendition.width, height=rendition.height)
    return found


def _url_under(base_url: str, base_path: str, url_path: str) -> str:
    # A descendant's URL is its base's URL plus the rest of its url_path: Wagtail's own rule, without
    # a site lookup per product.
    return base_url + url_path[len(base_path) :]


def _cards_from_rows(
    rows, *, request=None, base: Page | None = None, base_url: str | None = None
) -> list[ProductCard]:
    renditions = card_renditions(row["image_id"] for row in rows)
    if base is not None and base_url is None:
        base_url = base.get_url(request=request)
    cards = []
    for row in rows:
        if base_url is not None and row["url_path"].startswith(base.url_path):
            url = _url_under(base_url, base.url_path, row["url_path"])
        else:
            url = Page(pk=row["pk"], url_path=row["url_path"]).get_url(request=request) or ""
        price = row["price"]
        cards.append(
            ProductCard(
                pk=row["pk"],
                title=row["title"],
                summary=row["summary"],
                url=url,
                min_price=Money(Decimal(price), row["currency"]) if price is not None else None,
                has_stock=bool(row["in_stock"]),
                maker_name=row["maker"] or "",
                image=renditions.get(row["image_id"]),
                image_alt=row["alt"] or "",
            )
        )
    return cards


def product_cards(*, product_ids: list[int], request=None, base: Page | None = None) -> list[ProductCard]:
    """Cards for `product_ids`, in that order, in two queries whatever the catalogue's size."""
    return _cards_from_rows(_card_rows(list(product_ids)), request=request, base=base)


def products_for_promo(*, product_ids: list[int], request=None) -> list[ProductCard]:
    """Live, public products among `product_ids`, in the order given, in a fixed number of queries."""
    live = set(product_queryset().filter(pk__in=product_ids).values_list("pk", flat=True))
    return product_cards(product_ids=[pk for pk in product_ids if pk in live], request=request)
