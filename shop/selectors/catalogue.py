"""Catalogue reads: listings with filter, sort, search and pagination in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from djmoney.money import Money
from wagtail.images import get_image_model
from wagtail.models import Page

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


@dataclass(frozen=True)
class ProductCard:
    """What a listing card shows: built from a few flat queries, never from nested model prefetches."""

    pk: int
    title: str
    summary: str
    url: str
    min_price: Money | None
    has_stock: bool
    maker_name: str
    image: object | None  # the card's rendition, or None for the placeholder
    image_alt: str

    @property
    def image_tag(self) -> str:
        if self.image is None:
            return ""
        return self.image.img_tag({"alt": self.image_alt, "loading": "lazy"})


def product_queryset():
    """Live, public products (the listing and the promo block build cards from it)."""
    return ProductPage.objects.live().public()


def product_cards(*, product_ids: list[int], request=None) -> list[ProductCard]:
    """Cards for `product_ids`, in that order, in six queries whatever the catalogue's size."""
    if not product_ids:
        return []
    products = ProductPage.objects.filter(pk__in=product_ids).only(
        "title", "summary", "url_path", "path", "depth", "maker_id", "locale_id"
    )
    by_pk = {product.pk: product for product in products}
    prices: dict[int, Money] = {}
    in_stock: set[int] = set()
    variants = ProductVariant.objects.filter(product_id__in=product_ids, is_active=True).values_list(
        "product_id", "price", "price_currency", "stock"
    )
    for product_id, amount, currency, stock in variants:
        if product_id not in prices or amount < prices[product_id].amount:
            prices[product_id] = Money(amount, currency)
        if stock > 0:
            in_stock.add(product_id)
    first_images: dict[int, tuple[int, str]] = {}
    gallery = (
        ProductImage.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "sort_order", "pk")
        .values_list("product_id", "image_id", "alt_text")
    )
    for product_id, image_id, alt_text in gallery:
        first_images.setdefault(product_id, (image_id, alt_text))
    images = get_image_model().objects.filter(pk__in=[image_id for image_id, _ in first_images.values()])
    renditions = {
        image.pk: image.get_rendition(CARD_IMAGE_FILTER)
        for image in images.prefetch_renditions(CARD_IMAGE_FILTER)
    }
    maker_ids = {product.maker_id for product in by_pk.values() if product.maker_id}
    makers = (
        dict(
            Maker.objects.with_valid_consent(scope=ConsentScope.WEB)
            .filter(pk__in=maker_ids)
            .values_list("pk", "display_name")
        )
        if maker_ids
        else {}
    )
    cards = []
    for pk in product_ids:
        product = by_pk.get(pk)
        if product is None:
            continue
        image_id, alt_text = first_images.get(pk, (None, ""))
        cards.append(
            ProductCard(
                pk=pk,
                title=product.title,
                summary=product.summary,
                url=product.get_url(request=request) or "",
                min_price=prices.get(pk),
                has_stock=pk in in_stock,
                maker_name=makers.get(product.maker_id, ""),
                image=renditions.get(image_id),
                image_alt=alt_text,
            )
        )
    return cards


def categories_for(*, index: Page):
    return CategoryPage.objects.live().public().child_of(index).order_by("path")


def _listing_ids(*, root: Page, params: ListingParams):
    """The listing's product ids, filtered and sorted: one narrow query (plus its COUNT), no joins to
    variants or images unless a price sort needs the lowest price."""
    products = product_queryset().descendant_of(root)
    if params.category_id:
        category = CategoryPage.objects.filter(pk=params.category_id).only("path", "depth").first()
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
    return products.order_by(*SORTS[params.sort]).values_list("pk", flat=True)


def catalogue_listing(*, root: Page, params: ListingParams, per_page: int, request=None):
    paginator = Paginator(_listing_ids(root=root, params=params), per_page)
    try:
        page_obj = paginator.page(params.page_number)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    page_obj.object_list = product_cards(product_ids=list(page_obj.object_list), request=request)
    return paginator, page_obj


def catalogue_page_context(*, page, params, request=None) -> dict:
    parsed = listing_params(params)
    index = page if isinstance(page, ShopIndexPage) else ShopIndexPage.objects.ancestor_of(page).first()
    paginator, page_obj = catalogue_listing(
        root=page, params=parsed, per_page=index.products_per_page, request=request
    )
    categories = list(categories_for(index=index).only("title", "url_path", "path", "depth", "locale_id"))
    return {
        "products": page_obj.object_list,
        "page_obj": page_obj,
        "paginator": paginator,
        # The filter narrows the whole shop; inside a category the other categories are links instead.
        "categories": categories if page.pk == index.pk else [],
        "category_links": categories,
        "current_category_id": None if page.pk == index.pk else page.pk,
        "shop_index": index,
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
