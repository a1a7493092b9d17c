"""Add to cart and the donation form are posted from cached pages without a CSRF cookie: a browser's
Origin / Sec-Fetch-Site must say this site; a request saying nothing still needs Django's token."""

import pytest
from django.test import Client

from tests.fixtures.donation_factories import form_data
from tests.fixtures.shop_factories import product_create, variant_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def product(home_page):
    return product_create(title="Lavender candle", stock=5)


def _add(browser, product, **headers):
    return browser.post("/shop/cart/add/", {"variant": variant_of(product).pk, "quantity": 2}, **headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "http://testserver"},  # plain HTTP: browsers send no Sec-Fetch-Site there
    ],
)
def test_a_same_origin_add_to_cart_works_without_a_token(browser, product, headers):
    response = _add(browser, product, **headers)

    assert response.status_code == 302
    assert "Lavender candle" in browser.get("/shop/cart/").content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://shop.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {},  # no header and no token: Django's check refuses it as before
    ],
)
def test_a_cross_site_or_unvouched_add_to_cart_is_refused(browser, product, headers):
    response = _add(browser, product, **headers)

    assert response.status_code == 403
    assert browser.get("/shop/cart/").content.decode().count("Lavender candle") == 0


def test_a_client_without_fetch_headers_still_adds_with_django_token(browser, product):
    browser.get("/admin/login/")  # a form outside the cached pages: it sets the token cookie
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        "/shop/cart/add/", {"variant": variant_of(product).pk, "quantity": 1, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302


def test_the_donation_form_posts_to_a_same_origin_endpoint(browser, donation_page, stripe_fake):
    page_html = browser.get(donation_page.url).content.decode()
    assert f'action="/giving/{donation_page.pk}/give/"' in page_html

    refused = browser.post(
        f"/giving/{donation_page.pk}/give/", form_data(), HTTP_ORIGIN="https://evil.example"
    )
    started = browser.post(f"/giving/{donation_page.pk}/give/", form_data(), HTTP_ORIGIN="http://testserver")

    assert refused.status_code == 403
    assert started.status_code == 303


def test_checkout_keeps_django_token_check(browser, product):
    response = browser.post("/shop/checkout/", {"email": "ada@example.org"}, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 403
