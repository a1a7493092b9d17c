"""Uncached (page cache off), shop pages run the same queries whatever the catalogue's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.shop_factories import MakerFactory, category_create, product_create, shop_index_create

pytestmark = pytest.mark.django_db

# Measured (page cache off): 20 on the shop, 23 in a category (one Wagtail routing level more, and the
# breadcrumbs). The listing itself is 9 of them (restrictions, count, ids, products, variants, gallery,
# images, renditions, makers); the rest is Wagtail's routing, the two settings and the chrome.
CATALOGUE_BUDGET = 23
PRODUCT_BUDGET = 22


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


def _queries(client, path: str) -> int:
    client.get(path)  # warm the menu, settings and renditions as a running site has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?page=2", "?sort=price-asc", "?sort=name&page=2", "?q=product"])
def test_catalogue_queries_do_not_grow_with_the_catalogue(client, home_page, query):
    index = shop_index_create()
    candles, baskets = category_create(parent=index), category_create(parent=index)
    maker = MakerFactory(display_name="Mei")
    _grow(candles, 26, maker)
    small = {path: _queries(client, path + query) for path in (index.url, candles.url)}

    _grow(candles, 30, maker)
    _grow(baskets, 20, maker)
    large = {path: _queries(client, path + query) for path in (index.url, candles.url)}

    assert large == small
    assert max(large.values()) <= CATALOGUE_BUDGET


def test_catalogue_page_within_its_query_budget(client, home_page, django_assert_max_num_queries):
    index = shop_index_create()
    _grow(category_create(parent=index), 30, MakerFactory(display_name="Mei"))
    client.get(index.url)

    with django_assert_max_num_queries(CATALOGUE_BUDGET):
        response = client.get(index.url)

    assert response.status_code == 200
    assert response.content.decode().count('<li class="product-card') == 12


def test_product_page_within_its_query_budget(client, home_page, shop_rules, django_assert_max_num_queries):
    product = product_create(
        parent=category_create(),
        images=3,
        maker=MakerFactory(display_name="Mei"),
        variants=[{"price": "20.00", "stock": 4}, {"price": "24.00", "stock": 0}],
    )
    client.get(product.url)

    with django_assert_max_num_queries(PRODUCT_BUDGET):
        response = client.get(product.url)

    assert response.status_code == 200
    assert "Made by Mei" in response.content.decode()
