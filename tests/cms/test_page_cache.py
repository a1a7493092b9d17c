"""Anonymous pages are served from the shared cache, never carry a cookie, and go stale never: a publish,
a stock move or a settled gift shows on the next view. Nobody with a session gets a shared copy."""

import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from djmoney.money import Money

from donations import services as donation_services
from shop.services.stock import stock_take
from tests.fixtures.donation_factories import DonationFactory, aware
from tests.fixtures.shop_factories import category_create, product_create, shop_index_create, variant_of

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="started" value="([^"]+)"')


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_CDN_SECONDS = 60
    return settings


@pytest.fixture
def shop(home_page):
    index = shop_index_create()
    category = category_create(parent=index, title="Candles")
    product = product_create(parent=category, title="Lavender candle", price="18.00", stock=5, images=1)
    return {"index": index, "category": category, "product": product}


@pytest.fixture
def public_pages(shop, donation_page):
    return {
        "home": "/",
        "catalogue": shop["index"].url,
        "category": shop["category"].url,
        "product": shop["product"].url,
        "donate": donation_page.url,
    }


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("name", ["home", "catalogue", "category", "product", "donate"])
def test_anonymous_page_sets_no_cookie_does_not_vary_on_cookies_and_is_served_warm(
    client, page_cache_on, public_pages, name
):
    path = public_pages[name]

    first = client.get(path)
    second = client.get(path)

    for response in (first, second):
        assert response.status_code == 200
        assert not response.cookies, f"{name} set {list(response.cookies)}"
        assert "cookie" not in response.get("Vary", "").lower()
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert _html(second).count("<main") == 1
    if name == "donate":
        # Each visitor's form carries its own anti-bot token, so a CDN must not share it.
        assert "private" in second["Cache-Control"]
        assert "no-cache" in second["Cache-Control"]
    else:
        assert "public" in second["Cache-Control"]
        assert "s-maxage=60" in second["Cache-Control"]


def test_pages_set_no_cookie_for_anonymous_visitors_even_with_the_cache_off(client, public_pages):
    for name, path in public_pages.items():
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, f"{name} set {list(response.cookies)}"
        assert "cookie" not in response.get("Vary", "").lower(), name
    # The donation form still carries a real, signed start token (not the cache's placeholder).
    donate = _html(client.get(public_pages["donate"]))
    assert "__page_cache_token" not in donate
    assert TOKEN.search(donate).group(1).count(":") == 2


def test_each_visitor_of_a_cached_donation_page_gets_a_fresh_single_use_token(
    client, page_cache_on, donation_page
):
    first = client.get(donation_page.url)
    second = client.get(donation_page.url)

    assert second["X-Page-Cache"] == "hit"
    tokens = [TOKEN.search(_html(response)).group(1) for response in (first, second)]
    assert tokens[0] != tokens[1]
    assert "__page_cache_token" not in _html(second)


def test_signed_in_staff_never_get_the_shared_copy(client, page_cache_on, public_pages, django_user_model):
    for path in public_pages.values():
        client.get(path)  # cached for anonymous visitors
    staff = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(staff)

    for name, path in public_pages.items():
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response, name
        assert "wagtail-userbar" in _html(response), name  # rendered for them, with their user bar


def test_a_visitor_with_a_cart_is_never_served_or_stores_a_shared_page(client, page_cache_on, shop):
    product = shop["product"]
    anonymous_copy = client.get(product.url)
    assert anonymous_copy["X-Page-Cache"] == "miss"

    added = client.post(
        "/shop/cart/add/",
        {"variant": variant_of(product).pk, "quantity": 2},
        HTTP_ORIGIN="http://testserver",
    )
    assert added.status_code == 302

    with_cart = client.get(product.url)
    assert "X-Page-Cache" not in with_cart
    assert 'name="csrfmiddlewaretoken"' in _html(with_cart)  # their own token, as before

    client.cookies.clear()
    assert client.get(product.url)["X-Page-Cache"] == "hit"


def test_a_visitor_with_a_message_waiting_is_not_served_a_shared_page(client, page_cache_on, shop):
    product = shop["product"]
    client.get(product.url)
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(message_levels.SUCCESS, "Added to your cart.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    shown = client.get(product.url)

    assert "X-Page-Cache" not in shown
    assert "Added to your cart." in _html(shown)


def test_publishing_a_change_shows_on_the_next_anonymous_view(
    client, page_cache_on, shop, django_capture_on_commit_callbacks
):
    product = shop["product"]
    assert "Lavender candle" in _html(client.get(product.url))
    assert client.get(shop["index"].url)["X-Page-Cache"] == "miss"
    assert client.get(shop["index"].url)["X-Page-Cache"] == "hit"

    product.title = "Cedar candle"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()

    assert "Cedar candle" in _html(client.get(product.url))
    listing = client.get(shop["index"].url)
    assert listing["X-Page-Cache"] == "miss"
    assert "Cedar candle" in _html(listing)


def test_with_a_cache_that_keeps_nothing_every_view_is_rendered_afresh(
    client, page_cache_on, shop, django_capture_on_commit_callbacks
):
    # A dummy (or unreachable) cache holds no generation to check a worker's own copy against.
    page_cache_on.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    product = shop["product"]
    assert "Lavender candle" in _html(client.get(product.url))

    product.title = "Cedar candle"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()

    again = client.get(product.url)
    assert "Cedar candle" in _html(again)
    assert "X-Page-Cache" not in again


def test_unpublishing_removes_the_product_from_the_cached_listing(
    client, page_cache_on, shop, django_capture_on_commit_callbacks
):
    product = shop["product"]
    assert "Lavender candle" in _html(client.get(shop["category"].url))

    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()

    assert "Lavender candle" not in _html(client.get(shop["category"].url))
    assert client.get(product.url).status_code == 404


def test_a_sale_taking_the_last_items_shows_sold_out_on_cached_pages(
    client, page_cache_on, shop, django_capture_on_commit_callbacks
):
    product = shop["product"]
    assert "Sold out" not in _html(client.get(product.url))
    assert "Sold out" not in _html(client.get(shop["category"].url))

    with django_capture_on_commit_callbacks(execute=True):
        stock_take(wanted=[(variant_of(product).pk, 5)])

    assert "Sold out" in _html(client.get(product.url))
    assert "Sold out" in _html(client.get(shop["category"].url))


def test_a_settled_gift_updates_the_cached_campaign_progress(
    client, page_cache_on, donation_page, campaign, django_capture_on_commit_callbacks
):
    before = client.get(donation_page.url)
    assert "<strong>$0</strong> raised" in _html(before)
    assert client.get(donation_page.url)["X-Page-Cache"] == "hit"

    gift = DonationFactory(campaign=campaign, amount=Money(250, "USD"))
    with django_capture_on_commit_callbacks(execute=True):
        donation_services.donation_confirm(
            reference=gift.reference, amount_total=gift.amount, occurred_at=aware(2026, 6, 1)
        )

    after = client.get(donation_page.url)
    assert after["X-Page-Cache"] == "miss"
    assert "<strong>$250</strong> raised" in _html(after)
