"""Catalogue reads: listings with filter, sort, search and pagination in a constant number of queries."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from types import SimpleNamespace

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import mark_safe
from djmoney.money import Money
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page, PageViewRestriction

from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant, ShopIndexPage
from shop.models.makers import ConsentScope

from .impact import impact_summary, revenue_line

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "price-asc": ("min_price", "title", "pk"),
    "price-desc": ("-min_price", "title", "pk"),
    "name": ("title", "pk"),
}
DEFAULT_SORT = "newest"
MAX_QUERY_LENGTH = 100
MAX_PAGE_NUMBER = 100_000  # beyond this an offset is junk: shown the last page without trying it


@dataclass(frozen=True)
class ListingParams:
    query: str
    sort: str
    category_id: int | None
    page_number: str


def listing_params(params) -> ListingParams:
    """Read hostile query strings safely: unknown values fall back to defaults."""
    query = (params.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    sort = params.get("sort") if params.get("sort") in SORTS else DEFAULT_SORT
    try:
        category_id = int(params.get("category") or 0) or None
    except (TypeError, ValueError):
        category_id = None
    return ListingParams(
        query=query, sort=sort, category_id=category_id, page_number=params.get("page") or "1"
    )


def consenting_makers():
    return Maker.objects.with_valid_consent(scope=ConsentScope.WEB).select_related("photo")


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


def private_paths() -> tuple[str, ...]:
    """The tree paths of every private section, from one small query (Wagtail's `.public()` reads the
    restrictions with their pages on every call; a listing calls it twice)."""
    return tuple(sorted(PageViewRestriction.objects.values_list("page__path", flat=True)))


def public_q(paths: tuple[str, ...] | None = None) -> Q:
    """Pages outside the private sections at `paths` (read now if not given)."""
    q = Q()
    for path in private_paths() if paths is None else paths:
        q &= ~Q(path__startswith=path)
    return q


def product_queryset(*, private: tuple[str, ...] | None = None):
    """Live, public products (the listing and the promo block build cards from it)."""
    return ProductPage.objects.live().filter(public_q(private))


class _Statements:
    """The catalogue's SQL, compiled once per exact set of inputs and then only executed.

    Building and compiling these querysets through the ORM costs several times what SQLite takes to
    run them (the card query: ~7 ms against 0.3 ms), on every page view. The key holds every value
    the statement is built from, so a hit is the very statement the ORM would have compiled; the
    oldest are forgotten past `size` (search words make many)."""

    def __init__(self, size: int):
        self._compiled: OrderedDict = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def rows(self, key: tuple, build) -> list[tuple]:
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is not None:
                self._compiled.move_to_end(key)
        if compiled is None:
            try:
                compiled = build().query.sql_with_params()
            except EmptyResultSet:  # a filter that can match nothing (an unknown category)
                compiled = ()
            with self._lock:
                self._compiled[key] = compiled
                while len(self._compiled) > self._size:
                    self._compiled.popitem(last=False)
        if not compiled:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*compiled)
            return cursor.fetchall()


_statements = _Statements(size=1024)


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


def card_renditions(image_ids) -> dict[int, CardImage]:
    """The card rendition of each image, in one query of plain values.

    Existing renditions are read directly rather than through `Image.get_rendition`, which writes
    every rendition back to the shared cache (with the database cache, a write transaction per card
    per page view); a missing one is made once, the usual way."""
    image_ids = {image_id for image_id in image_ids if image_id}
    if not image_ids:
        return {}
    card_filter = Filter(spec=CARD_IMAGE_FILTER)
    vary_fields = [field for op in card_filter.operations for field in getattr(op, "vary_fields", ())]
    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    rows = rendition_model.objects.filter(image_id__in=image_ids, filter_spec=CARD_IMAGE_FILTER).values_list(
        "image_id",
        "file",
        "width",
        "height",
        "focal_point_key",
        *(f"image__{field}" for field in vary_fields),
    )
    found = {}
    for image_id, file, width, height, focal_point_key, *vary in rows:
        # Wagtail's own test: a rendition made before the focal point moved is not this crop.
        image = SimpleNamespace(**dict(zip(vary_fields, vary, strict=True)))
        if focal_point_key == card_filter.get_cache_key(image):
            found[image_id] = CardImage(url=storage.url(file), width=width, height=height)
    missing = image_ids - found.keys()
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


@dataclass(frozen=True)
class CategoryLink:
    pk: int
    title: str
    url: str


def categories_for(*, index: Page, private: tuple[str, ...] | None = None):
    return CategoryPage.objects.live().filter(public_q(private)).child_of(index).order_by("path")


def category_links(
    *, index: Page, index_url: str, private: tuple[str, ...] | None = None
) -> list[CategoryLink]:
    """The shop's live, public categories in tree order, as plain links (no page instances)."""
    private = private_paths() if private is None else private
    rows = _statements.rows(
        ("categories", index.pk, index.path, index.depth, private),
        lambda: categories_for(index=index, private=private).values_list("pk", "title", "url_path"),
    )
    return [
        CategoryLink(pk=pk, title=title, url=_url_under(index_url, index.url_path, url_path))
        for pk, title, url_path in rows
    ]


def _listing(*, root: Page, params: ListingParams, private: tuple[str, ...], category):
    """The listing's products, filtered and sorted: a narrow query, with the lowest price only when a
    price sort needs it."""
    products = product_queryset(private=private).descendant_of(root)
    if params.category_id:
        products = products.descendant_of(category) if category else products.none()
    if params.query:
        products = products.filter(
            Q(title__icontains=params.query)
            | Q(summary__icontains=params.query)
            | Q(materials__icontains=params.query)
            | Exists(ProductVariant.objects.filter(product=OuterRef("pk"), sku__iexact=params.query))
        )
    if params.sort.startswith("price-"):
        lowest = (
            ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True)
            .order_by("price")
            .values("price")[:1]
        )
        products = products.annotate(min_price=Subquery(lowest))
    return products.order_by(*SORTS[params.sort])


class _CountedPaginator(Paginator):
    """Django's paginator over a count already known (the listing query returns it with the ids)."""

    def __init__(self, count: int, per_page: int):
        super().__init__(range(count), per_page)


def _page_number(raw) -> int | None:
    """The page asked for, as Paginator reads it; None when it cannot be a valid page."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1  # not a number: the first page, as before
    return number if 1 <= number <= MAX_PAGE_NUMBER else None


def catalogue_listing(
    *, root: Page, params: ListingParams, per_page: int, request=None, private=None, root_url=None
):
    """One page of cards: the page's ids with the listing's total (one query: COUNT(*) OVER ()), their
    card columns and their renditions: three queries whatever the catalogue's size. A page past the
    end counts separately and shows the last page, as Django's paginator does."""
    private = private_paths() if private is None else private
    category = None
    if params.category_id:
        category = CategoryPage.objects.filter(pk=params.category_id).only("path", "depth").first()
    shape = (
        root.pk,
        root.path,
        root.depth,
        private,
        (category.path, category.depth) if category else None,
        params,
    )

    def listing():
        return _listing(root=root, params=params, private=private, category=category)

    def page_rows(number: int) -> list[tuple]:
        offset = (number - 1) * per_page
        return _statements.rows(
            ("ids", *shape, offset, per_page),
            lambda: (
                listing()
                .annotate(listing_total=Window(Count("pk")))
                .values_list("pk", "listing_total")[offset : offset + per_page]
            ),
        )

    number = _page_number(params.page_number)
    rows = page_rows(number) if number is not None else []
    if rows:
        count = rows[0][1]
    else:
        # Empty, or a page past the end (or junk): count, then show the last page (1 when empty).
        count = listing().count()
        number = max(1, -(-count // per_page))
        rows = page_rows(number) if count else []
    paginator = _CountedPaginator(count, per_page)
    page_obj = paginator.page(number)
    cards = _card_rows([pk for pk, _total in rows])
    page_obj.object_list = _cards_from_rows(cards, request=request, base=root, base_url=root_url)
    return paginator, page_obj


def catalogue_page_context(*, page, params, request=None) -> dict:
    parsed = listing_params(params)
    index = page if isinstance(page, ShopIndexPage) else ShopIndexPage.objects.ancestor_of(page).first()
    private = private_paths()
    index_url = index.get_url(request=request) or ""
    page_url = index_url if page.pk == index.pk else _url_under(index_url, index.url_path, page.url_path)
    paginator, page_obj = catalogue_listing(
        root=page,
        params=parsed,
        per_page=index.products_per_page,
        request=request,
        private=private,
        root_url=page_url,
    )
    categories = category_links(index=index, index_url=index_url, private=private)
    return {
        "products": page_obj.object_list,
        "page_obj": page_obj,
        "paginator": paginator,
        # The filter narrows the whole shop; inside a category the other categories are links instead.
        "categories": categories if page.pk == index.pk else [],
        "category_links": categories,
        "current_category_id": None if page.pk == index.pk else page.pk,
        "shop_index": index,
        "shop_index_url": index_url,
        "listing": parsed,
        "sorts": [
            ("newest", "Newest"),
            ("price-asc", "Price: low to high"),
            ("price-desc", "Price: high to low"),
            ("name", "Name"),
        ],
    }


def products_for_promo(*, product_ids: list[int], request=None) -> list[ProductCard]:
    """Live, public products among `product_ids`, in the order given, in a fixed number of queries."""
    live = set(product_queryset().filter(pk__in=product_ids).values_list("pk", flat=True))
    return product_cards(product_ids=[pk for pk in product_ids if pk in live], request=request)


def category_id_of(*, product: ProductPage) -> int | None:
    category = CategoryPage.objects.parent_of(product).only("pk").first()
    return category.pk if category else None


def product_page_context(*, product: ProductPage) -> dict:
    """What a product page shows beyond its fields: active variants, gallery, consenting maker, impact."""
    image_model = get_image_model()
    variants = list(product.variants.filter(is_active=True).order_by("sort_order", "pk"))
    images = list(
        product.images.order_by("sort_order", "pk").prefetch_related(
            Prefetch(
                "image", queryset=image_model.objects.prefetch_renditions("fill-900x900", "fill-300x300")
            )
        )
    )
    maker = consenting_makers().filter(pk=product.maker_id).first() if product.maker_id else None
    default_variant = next((v for v in variants if v.stock > 0), variants[0] if variants else None)
    impact = ""
    if default_variant is not None:
        category_id = category_id_of(product=product)
        impact = impact_summary(
            revenue=[
                revenue_line(
                    amount=default_variant.price,
                    product_id=product.pk,
                    category_id=category_id,
                    labour_minutes=default_variant.labour_minutes
                    if default_variant.labour_minutes is not None
                    else product.labour_minutes,
                )
            ]
        )
    return {
        "variants": variants,
        "images": images,
        "maker": maker,
        "default_variant": default_variant,
        "sold_out": not any(v.stock > 0 for v in variants),
        "impact": impact,
    }
