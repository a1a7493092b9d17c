"""Catalogue reads: listings with filter, sort, search and pagination in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
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


def product_queryset():
    """Live, public products with what a listing card needs, in a fixed number of queries."""
    image_model = get_image_model()
    active_variants = ProductVariant.objects.filter(is_active=True)
    return (
        ProductPage.objects.live()
        .public()
        .annotate(
            min_price=Min("variants__price", filter=Q(variants__is_active=True)),
            stock_total=Coalesce(Sum("variants__stock", filter=Q(variants__is_active=True)), 0),
            has_stock=Exists(active_variants.filter(product=OuterRef("pk"), stock__gt=0)),
        )
        .prefetch_related(
            Prefetch("variants", queryset=active_variants.order_by("sort_order", "pk")),
            Prefetch(
                "images",
                queryset=ProductImage.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("image", queryset=image_model.objects.prefetch_renditions("fill-480x480"))
                ),
            ),
            Prefetch("maker", queryset=consenting_makers()),
        )
    )


def categories_for(*, index: Page):
    return CategoryPage.objects.live().public().child_of(index).order_by("path")


def catalogue_listing(*, root: Page, params: ListingParams, per_page: int):
    products = product_queryset().descendant_of(root)
    if params.category_id:
        category = CategoryPage.objects.filter(pk=params.category_id).first()
        products = products.descendant_of(category) if category else products.none()
    if params.query:
        products = products.filter(
            Q(title__icontains=params.query)
            | Q(summary__icontains=params.query)
            | Q(materials__icontains=params.query)
            | Exists(ProductVariant.objects.filter(product=OuterRef("pk"), sku__iexact=params.query))
        )
    products = products.order_by(*SORTS[params.sort])
    paginator = Paginator(products, per_page)
    try:
        page_obj = paginator.page(params.page_number)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return paginator, page_obj


def catalogue_page_context(*, page, params) -> dict:
    parsed = listing_params(params)
    index = page if isinstance(page, ShopIndexPage) else page.get_parent()
    paginator, page_obj = catalogue_listing(root=page, params=parsed, per_page=page.products_per_page)
    categories = list(categories_for(index=index))
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


def products_for_promo(*, product_ids: list[int]) -> list[ProductPage]:
    """Live, public products among `product_ids`, in the order given, in a fixed number of queries."""
    found = {product.pk: product for product in product_queryset().filter(pk__in=product_ids)}
    return [found[pk] for pk in product_ids if pk in found]


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
