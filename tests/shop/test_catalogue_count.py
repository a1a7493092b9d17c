"""The listing's total is counted once per version of the page tree, not on every view, and the
"N products" line and the page links follow every change a visitor could see at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.fixtures.shop_factories import category_create, product_create, shop_index_create

pytestmark = pytest.mark.django_db


def _shown(client, url: str) -> tuple[int, str, int]:
    """(the "N products" figure, "Page x of y", the cards shown) as a visitor reads them."""
    body = client.get(url).content.decode()
    total = re.search(r'<p class="shop-count">(\d+) products?</p>', body)
    pages = re.search(r"<span>(Page \d+ of \d+)</span>", body)
    return (
        int(total.group(1)) if total else 0,
        pages.group(1) if pages else "",
        body.count('<li class="product-card'),
    )


@pytest.fixture
def catalogue(home_page):
    index = shop_index_create()
    candles, baskets = (
        category_create(parent=index, title="Candles"),
        category_create(parent=index, title="Baskets"),
    )
    products = [product_create(parent=candles, title=f"Candle {n}") for n in range(14)]
    products += [product_create(parent=baskets, title=f"Basket {n}") for n in range(3)]
    return {"index": index, "candles": candles, "baskets": baskets, "products": products}


def test_a_warm_listing_does_not_count_its_products_again(client, catalogue):
    url = catalogue["index"].url
    # The first view of a new site also creates its settings rows, which starts the kept values anew.
    for _ in range(2):
        assert _shown(client, url) == (17, "Page 1 of 2", 12)

    with CaptureQueriesContext(connection) as captured:
        assert _shown(client, url) == (17, "Page 1 of 2", 12)
        assert _shown(client, url + "?page=2") == (17, "Page 2 of 2", 5)
        assert _shown(client, url + "?sort=price-desc&page=2") == (17, "Page 2 of 2", 5)

    assert not [query for query in captured if "COUNT(" in query["sql"].upper()]


def test_the_total_follows_publishing_and_unpublishing_at_once(client, catalogue):
    index, candles = catalogue["index"], catalogue["candles"]
    assert _shown(client, index.url)[0] == 17
    assert _shown(client, candles.url) == (14, "Page 1 of 2", 12)

    for n in range(2):
        product_create(parent=candles, title=f"New candle {n}")
    assert _shown(client, index.url)[0] == 19
    assert _shown(client, candles.url)[0] == 16

    for product in catalogue["products"][:5]:  # five candles taken off the shop
        product.unpublish()
    assert _shown(client, index.url) == (14, "Page 1 of 2", 12)
    assert _shown(client, candles.url) == (11, "", 11)
    assert _shown(client, catalogue["baskets"].url) == (3, "", 3)


def test_the_total_follows_a_deleted_product_and_one_moved_to_another_category(client, catalogue):
    candles, baskets = catalogue["candles"], catalogue["baskets"]
    assert _shown(client, candles.url)[0] == 14
    assert _shown(client, baskets.url)[0] == 3

    catalogue["products"][0].delete()
    catalogue["products"][1].move(baskets, pos="last-child")

    assert _shown(client, candles.url) == (12, "", 12)
    assert _shown(client, baskets.url) == (4, "", 4)
    assert _shown(client, catalogue["index"].url)[0] == 16


def test_a_category_made_private_leaves_the_shops_total_at_once(client, catalogue):
    index = catalogue["index"]
    assert _shown(client, index.url)[0] == 17

    restriction = PageViewRestriction.objects.create(
        page=catalogue["candles"], restriction_type=PageViewRestriction.PASSWORD, password="staff only"
    )
    assert _shown(client, index.url) == (3, "", 3)

    restriction.delete()
    assert _shown(client, index.url)[0] == 17


def test_a_page_past_the_end_shows_the_last_page_with_the_kept_total(client, catalogue):
    url = catalogue["index"].url
    _shown(client, url)
    for junk in ("?page=9", "?page=100001", "?page=-3", "?page=0"):
        assert _shown(client, url + junk) == (17, "Page 2 of 2", 5)
    assert _shown(client, url + "?page=abc") == (17, "Page 1 of 2", 12)


def test_a_search_is_counted_with_its_own_results(client, catalogue):
    url = catalogue["index"].url
    assert _shown(client, url + "?q=basket") == (3, "", 3)
    assert _shown(client, url + "?q=candle") == (14, "Page 1 of 2", 12)
    assert _shown(client, url + "?q=candle&page=5") == (14, "Page 2 of 2", 2)
    product_create(parent=catalogue["baskets"], title="Basket 9")
    assert _shown(client, url + "?q=basket") == (4, "", 4)
    assert _shown(client, url + "?q=no-such-thing") == (0, "", 0)


def test_an_empty_shop_says_so(client, home_page):
    index = shop_index_create()
    body = client.get(index.url).content.decode()
    assert "No products here yet" in body
    product_create(parent=category_create(parent=index), title="First candle")
    assert _shown(client, index.url) == (1, "", 1)
