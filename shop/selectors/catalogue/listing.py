"""Listings with filter, sort, search and pagination in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.http import Http404
from wagtail.models import Page

from core.tree_cache import tree_cached_local
from shop.models import CategoryPage, ProductVariant, ShopIndexPage

from .cards import _card_rows, _cards_from_rows, _url_under
from .statements import _statements
from .visibility import private_paths, public_q

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
    """The listing's products as page rows, filtered and sorted: a narrow query, with the lowest price
    only when a price sort needs it. It selects from the page table (joined to the products), so the
    newest-first order is read off the page table's `first_published_at` index and stops at the
    page's last card instead of sorting every product."""
    products = Page.objects.live().filter(public_q(private), productpage__isnull=False).descendant_of(root)
    if params.category_id:
        products = products.descendant_of(category) if category else products.none()
    if params.query:
        products = products.filter(
            Q(title__icontains=params.query)
            | Q(productpage__summary__icontains=params.query)
            | Q(productpage__materials__icontains=params.query)
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


def _kept_count(shape: tuple, count) -> int:
    """A section's number of products, counted once per version of the page tree (core/tree_cache.py:
    publishing, unpublishing, moving or deleting a page, or a view restriction, counts afresh)
    instead of on every view: counting reads every product of the section. Each worker keeps its
    own (an integer, from no extra cache read)."""
    return tree_cached_local(("shop.listing.count", shape), count)


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
    """One page of cards in three queries whatever the catalogue's size: the page's ids, their card
    columns and their renditions. The total comes from the section's kept count; a search (a scan
    anyway, and as many totals as words) returns its total with its ids (`COUNT(*) OVER ()`). A page
    past the end shows the last page, as Django's paginator does."""
    private = private_paths() if private is None else private
    category = None
    if params.category_id:
        category = CategoryPage.objects.filter(pk=params.category_id).only("path", "depth").first()
    section = (
        root.pk,
        root.path,
        root.depth,
        private,
        (category.path, category.depth) if category else None,
        params.category_id,
    )
    shape = (*section, params)

    def listing():
        return _listing(root=root, params=params, private=private, category=category)

    def page_ids(number: int) -> list[int]:
        offset = (number - 1) * per_page
        rows = _statements.rows(
            ("ids", *shape, offset, per_page),
            lambda: listing().values_list("pk")[offset : offset + per_page],
        )
        return [pk for (pk,) in rows]

    def counted_page_ids(number: int) -> tuple[list[int], int | None]:
        offset = (number - 1) * per_page
        rows = _statements.rows(
            ("counted ids", *shape, offset, per_page),
            lambda: (
                listing()
                .annotate(listing_total=Window(Count("pk")))
                .values_list("pk", "listing_total")[offset : offset + per_page]
            ),
        )
        return [pk for pk, _total in rows], (rows[0][1] if rows else None)

    number = _page_number(params.page_number)
    if params.query:
        ids, count = counted_page_ids(number) if number is not None else ([], None)
        if count is None:
            # Empty, or a page past the end (or junk): count, then show the last page (1 when empty).
            count = listing().count()
            number = max(1, -(-count // per_page))
            ids = page_ids(number) if count else []
    else:
        count = _kept_count(section, lambda: listing().count())
        last = max(1, -(-count // per_page))
        number = last if number is None or number > last else number
        ids = page_ids(number) if count else []
    paginator = _CountedPaginator(count, per_page)
    page_obj = paginator.page(number)
    cards = _card_rows(ids)
    page_obj.object_list = _cards_from_rows(cards, request=request, base=root, base_url=root_url)
    return paginator, page_obj


def catalogue_page_context(*, page, params, request=None) -> dict:
    parsed = listing_params(params)
    index = page if isinstance(page, ShopIndexPage) else ShopIndexPage.objects.ancestor_of(page).first()
    if index is None:  # a category's alias placed outside the shop: the shop's links, its own products
        index = ShopIndexPage.objects.live().first()
    if index is None:
        raise Http404("This listing belongs to no shop.")
    private = private_paths()
    index_url = index.get_url(request=request) or ""
    if page.pk == index.pk:
        page_url = index_url
    elif page.url_path.startswith(index.url_path):
        page_url = _url_under(index_url, index.url_path, page.url_path)
    else:
        page_url = page.get_url(request=request) or ""
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
