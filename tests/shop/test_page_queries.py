"""Uncached (page cache off), shop pages run the same queries whatever the catalogue's size."""

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.shop_factories import MakerFactory, category_create, product_create, shop_index_create

pytestmark = pytest.mark.django_db

# Measured (page cache off, a memory cache as in the tests): 7 on the shop, 8 in a category (its
# parent's link). Wagtail's view-restriction check is 2 of them; the listing is the private sections,
# the page's ids, their cards, their renditions and the categories (the total is kept per version of
# the page tree, tests/shop/test_catalogue_count.py). Routing, the menu,
# the footer and the settings come from the shared cache (cms/routing.py, cms/chrome.py).
CATALOGUE_BUDGET = 8
# The same views with production's database cache: its three reads (the route, the site root paths,
# the chrome) are queries too, and nothing is written.
CATALOGUE_BUDGET_DATABASE_CACHE = 11
PRODUCT_BUDGET = 22
# A warm product page with the database cache: the route, its variants, photos, renditions, maker,
# category, the impact preview's two reads and the site root paths; nothing written.
PRODUCT_DATABASE_CACHE_BUDGET = 10


def _grow(category, count: int, maker) -> None:
    for n in range(count):
        product_create(
            parent=category,
            price=f"{10 + n % 7}.50",
            stock=n % 4,  # some sold out
            images=1 if n % 3 == 0 else 0,
            maker=maker if n % 2 else None,
            variants=[{"price": "12.00", "stock": n % 3}, {"price": f"{9 + n % 5}.00", "stock": 1}]
            if n % 5 == 0
            else None,
        )


def _warm(client, path: str) -> None:
    # A running site has its routes, chrome, settings rows and renditions already: the first view of a
    # new site creates its settings rows (which starts the shared caches afresh), the second fills them.
    for _ in range(2):
        assert client.get(path).status_code == 200


def _queries(client, path: str) -> list[str]:
    _warm(client, path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("query", ["", "?page=2", "?sort=price-asc", "?sort=name&page=2", "?q=product"])
def test_catalogue_queries_do_not_grow_with_the_catalogue(client, home_page, query):
    index = shop_index_create()
    candles, baskets = category_create(parent=index), category_create(parent=index)
    maker = MakerFactory(display_name="Mei")
    _grow(candles, 26, maker)
    small = {path: len(_queries(client, path + query)) for path in (index.url, candles.url)}

    _grow(candles, 60, maker)
    _grow(baskets, 40, maker)
    large = {path: len(_queries(client, path + query)) for path in (index.url, candles.url)}

    assert large == small
    assert max(large.values()) <= CATALOGUE_BUDGET


def test_catalogue_page_within_its_query_budget(client, home_page):
    index = shop_index_create()
    _grow(category_create(parent=index), 30, MakerFactory(display_name="Mei"))

    queries = _queries(client, index.url)

    assert len(queries) <= CATALOGUE_BUDGET
    body = client.get(index.url).content.decode()
    assert body.count('<li class="product-card') == 12
    assert "30 products" in body


@pytest.fixture
def database_cache(settings):
    """Production's shared cache: the database."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    call_command("createcachetable", verbosity=0)  # made by core's migration only for a database cache
    caches["default"].clear()
    yield
    caches["default"].clear()


def _writes(queries: list[str]) -> list[str]:
    return [sql for sql in queries if not sql.lstrip().upper().startswith("SELECT")]


def test_with_the_database_cache_a_warm_listing_reads_and_never_writes(client, home_page, database_cache):
    """Production's shared cache is the database: Wagtail's `{% image %}` wrote each card's rendition
    back to it on every view (a write transaction per card). A warm view now only reads."""
    index = shop_index_create()
    category = category_create(parent=index)
    _grow(category, 30, MakerFactory(display_name="Mei"))

    for path in (index.url, category.url):
        queries = _queries(client, path)

        assert _writes(queries) == []
        assert len(queries) <= CATALOGUE_BUDGET_DATABASE_CACHE


def test_product_page_within_its_query_budget(client, home_page, shop_rules, django_assert_max_num_queries):
    product = product_create(
        parent=category_create(),
        images=3,
        maker=MakerFactory(display_name="Mei"),
        variants=[{"price": "20.00", "stock": 4}, {"price": "24.00", "stock": 0}],
    )
    _warm(client, product.url)

    with django_assert_max_num_queries(PRODUCT_BUDGET):
        response = client.get(product.url)

    assert response.status_code == 200
    assert "Made by Mei" in response.content.decode()


def test_with_the_database_cache_a_warm_product_page_shows_its_photos_and_never_writes(
    client, home_page, shop_rules, database_cache
):
    """The product page's photos (and the maker's) are read, not written back to the shared cache
    on every view as `{% image %}` did: a write transaction per photo, 15 of 25 queries."""
    maker = MakerFactory(display_name="Mei")
    product = product_create(parent=category_create(), title="Woven basket", images=3, maker=maker)

    queries = _queries(client, product.url)

    assert _writes(queries) == []
    assert len(queries) <= PRODUCT_DATABASE_CACHE_BUDGET
    body = client.get(product.url).content.decode()
    main, *thumbnails = re.findall(r"<img [^>]*>", body.split('class="product__main-image"', 1)[1])[:3]
    assert re.search(r'src="/media/images/[^"]+\.fill-900x900[^"]*"', main)
    assert 'fetchpriority="high"' in main
    assert re.search(r'width="[1-9]\d*"', main)
    assert re.search(r'height="[1-9]\d*"', main)
    for thumbnail in thumbnails:
        assert re.search(r'src="/media/images/[^"]+\.fill-300x300[^"]*"', thumbnail)
        assert 'loading="lazy"' in thumbnail
