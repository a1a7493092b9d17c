"""Card-testing defences on checkout: throttles (429), honeypot, inhumanly fast submits."""

import pytest

from shop.models import Order
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart_ready(client, stripe_fake, shop_index, settings):
    settings.SHOP_CHECKOUT_MIN_SECONDS = 0
    add_to_cart(client, variant_of(product_create(stock=100)), 1)
    return client


def test_repeated_checkout_from_one_address_is_throttled(cart_ready, settings):
    settings.SHOP_CHECKOUT_RATE_IP = "3/m"
    settings.SHOP_CHECKOUT_RATE_EMAIL = "1000/m"
    statuses = [checkout(cart_ready, email=f"buyer{n}@example.org").status_code for n in range(5)]
    assert statuses[:3] == [303, 303, 303]
    assert statuses[3:] == [429, 429]


def test_repeated_checkout_for_one_email_from_many_addresses_is_throttled(cart_ready, settings):
    settings.SHOP_CHECKOUT_RATE_IP = "1000/m"
    settings.SHOP_CHECKOUT_RATE_EMAIL = "2/m"
    statuses = [
        checkout(cart_ready, email="Same@Example.org", meta={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
        for n in range(4)
    ]
    assert 429 in statuses
    assert statuses.count(303) <= 2


def test_throttled_response_explains_and_creates_nothing(cart_ready, settings):
    settings.SHOP_CHECKOUT_RATE_IP = "1/m"
    checkout(cart_ready)
    before = Order.objects.count()

    response = checkout(cart_ready)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Order.objects.count() == before


def test_filled_honeypot_is_refused(cart_ready, stripe_fake, settings):
    settings.SHOP_CHECKOUT_RATE_IP = "1000/m"
    response = checkout(cart_ready, website="http://spam.example")

    assert response.status_code == 302
    assert Order.objects.count() == 0
    assert not stripe_fake.calls("POST", "/v1/checkout/sessions")


def test_inhumanly_fast_submit_is_refused(cart_ready, settings, stripe_fake):
    settings.SHOP_CHECKOUT_MIN_SECONDS = 30
    response = checkout(cart_ready)
    assert response.status_code == 302
    assert Order.objects.count() == 0


def test_forged_start_token_is_refused(cart_ready, stripe_fake):
    response = checkout(cart_ready, started="forged:token")
    assert response.status_code == 302
    assert Order.objects.count() == 0


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "x" * 300 + "@example.org"])
def test_invalid_email_is_refused_with_a_message(cart_ready, stripe_fake, email):
    response = checkout(cart_ready, email=email)
    assert response.status_code == 302
    assert Order.objects.count() == 0
