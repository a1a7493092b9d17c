"""cms selectors: every non-trivial read."""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page, Site

from ledger import selectors as ledger_selectors

MENU_CACHE_SECONDS = 300
SEARCH_PAGE_SIZE = 10
SEARCH_QUERY_MAX_LENGTH = 200
# Words SQLite FTS5 reads as operators when they stand alone in a query.
FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str


def site_ids() -> list[int]:
    return list(Site.objects.values_list("pk", flat=True))


def menu_cache_key(site_id: int) -> str:
    return f"cms:main-menu:{site_id}"


def menu_items(*, site: Site | None) -> list[MenuItem]:
    """Live pages directly under the site root marked "show in menus"; cached per site."""
    if site is None:
        return []
    key = menu_cache_key(site.pk)
    items = cache.get(key)
    if items is None:
        root = site.root_page
        pages = (
            Page.objects.child_of(root)
            .live()
            .in_menu()
            .only("id", "title", "url_path", "path", "depth", "draft_title")
            .order_by("path")
        )
        # URLs come from url_path relative to the site root: no per-page lookups.
        root_path = root.url_path
        items = [MenuItem(title=page.title, url="/" + page.url_path[len(root_path) :]) for page in pages]
        cache.set(key, items, MENU_CACHE_SECONDS)
    return items


def impact_figures_for_display(*, slugs: list[str] | None = None) -> list:
    """The ledger's live impact figures with money in them, optionally limited to (and ordered like)
    `slugs`. Funds still at zero are left out so a new site shows its empty state, not "$0.00"."""
    figures = [figure for figure in ledger_selectors.impact_figures() if figure.total.amount > 0]
    if not slugs:
        return figures
    by_slug = {figure.fund_slug: figure for figure in figures}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def search_terms(query: str) -> str:
    """The words of a visitor's query, space separated: quotes, brackets, `*`, `:` and the like are
    query syntax to the search backends (an unbalanced `"` is an error in SQLite's FTS5), never words."""
    words = re.findall(r"\w+", (query or "")[:SEARCH_QUERY_MAX_LENGTH])
    return " ".join(word for word in words if word.upper() not in FTS_OPERATORS)


def search_pages(
    *, query: str, site: Site | None, page_number, per_page: int = SEARCH_PAGE_SIZE
) -> PaginatorPage:
    """Live public pages of this site matching `query`, paginated (an empty query finds nothing)."""
    query = search_terms(query)
    if not query or site is None:
        results = Page.objects.none()
    else:
        results = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).search(query)
    return Paginator(results, per_page).get_page(page_number)
