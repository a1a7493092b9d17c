"""A hanging Stripe: the real stripe library gives up after STRIPE_TIMEOUT_SECONDS and the customer
gets a clear "try again" page (503) with nothing charged, the stock back on sale and the cart kept."""

import socket
import threading
import time

import pytest

from shop.models import ProductVariant
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanging_stripe(stripe_keys):
    """A local server that accepts connections and never answers; every API call goes there."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)  # held open, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    stripe_keys.STRIPE_API_BASE = f"http://127.0.0.1:{listener.getsockname()[1]}"
    stripe_keys.STRIPE_TIMEOUT_SECONDS = 0.5
    yield accepted
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    for connection in accepted:
        connection.close()
    listener.close()


def test_checkout_against_a_hanging_stripe_gives_up_quickly_with_a_try_again_page(
    client, hanging_stripe, fast_checkout, shop_index
):
    variant = variant_of(product_create(title="Tote", price="40.00", stock=5))
    add_to_cart(client, variant, 2)
    started = time.monotonic()

    response = checkout(client)

    elapsed = time.monotonic() - started
    assert len(hanging_stripe) == 1  # the request really went out and was left hanging
    assert elapsed < 5, f"waited {elapsed:.1f}s for a hanging Stripe"
    assert response.status_code == 503
    body = response.content.decode()
    assert "Our payment processor is not answering right now. Nothing was charged" in body
    assert "Back to your cart to try again" in body
    assert latest_order().status == OrderStatus.CANCELLED
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5
    assert "Tote" in client.get("/shop/cart/").content.decode()


def test_each_retry_is_bounded_by_the_timeout_too(
    client, hanging_stripe, fast_checkout, shop_index, settings
):
    settings.STRIPE_MAX_NETWORK_RETRIES = 1
    add_to_cart(client, variant_of(product_create(price="12.00", stock=5)), 1)
    started = time.monotonic()

    response = checkout(client)

    assert response.status_code == 503
    assert len(hanging_stripe) == 2  # the first try and one retry, each given up after 0.5 s
    assert time.monotonic() - started < 8
