"""One visitor cannot keep the stock from everyone: holds are short and capped per cart and per address,
and checkout starts are throttled per client (behind a proxy too)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from shop.models import Order, ProductVariant, ShopSettings
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def scarves(shop_index):
    return [variant_of(product_create(title=f"Scarf {n}", price="30.00", stock=50)) for n in range(3)]


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_checkout_holds_stock_35_minutes_and_stripe_closes_the_session_within_the_hold(
    client, stripe_fake, fast_checkout, scarves
):
    add_to_cart(client, scarves[0], 2)
    before = timezone.now()

    assert checkout(client).status_code == 303

    order = latest_order()
    held = order.reserved_until - before
    assert dt.timedelta(minutes=34, seconds=55) <= held <= dt.timedelta(minutes=35, seconds=5)
    [request] = stripe_fake.calls("POST", "/v1/checkout/sessions")
    expires_at = dt.datetime.fromtimestamp(int(request.flat["expires_at"]), tz=dt.UTC)
    assert expires_at <= order.reserved_until  # a payment can never arrive after its hold lapsed
    assert expires_at - before >= dt.timedelta(minutes=30)  # Stripe's minimum


def test_one_cart_holding_more_than_the_cap_is_refused_and_nothing_is_reserved(
    client, stripe_fake, fast_checkout, scarves
):
    for variant in scarves:
        add_to_cart(client, variant, 20)  # 60 units against the default cap of 40

    response = checkout(client)

    assert response.status_code == 302
    assert "One checkout can hold at most 40 items" in _messages(response)
    assert Order.objects.count() == 0
    assert [ProductVariant.objects.get(pk=v.pk).stock for v in scarves] == [50, 50, 50]
    assert not stripe_fake.calls("POST", "/v1/checkout/sessions")


def test_a_second_browser_on_the_same_address_cannot_hold_beyond_the_cap(stripe_fake, fast_checkout, scarves):
    first, second, neighbour = Client(), Client(), Client()
    add_to_cart(first, scarves[0], 20)
    add_to_cart(first, scarves[1], 10)
    assert checkout(first, meta={"REMOTE_ADDR": "203.0.113.7"}).status_code == 303
    add_to_cart(second, scarves[2], 20)

    refused = checkout(second, email="again@example.org", meta={"REMOTE_ADDR": "203.0.113.7"})

    assert refused.status_code == 302
    assert "You already have 30 items waiting in another unpaid checkout" in _messages(refused)
    assert ProductVariant.objects.get(pk=scarves[2].pk).stock == 50
    # Another visitor is not affected, and the same cart checking out again replaces its own hold.
    add_to_cart(neighbour, scarves[2], 20)
    assert checkout(neighbour, meta={"REMOTE_ADDR": "198.51.100.4"}).status_code == 303
    add_to_cart(first, scarves[1], 5)
    assert checkout(first, meta={"REMOTE_ADDR": "203.0.113.7"}).status_code == 303
    assert ProductVariant.objects.get(pk=scarves[1].pk).stock == 50 - 15


def test_a_lapsed_hold_no_longer_counts_against_the_cap(stripe_fake, fast_checkout, scarves):
    first, second = Client(), Client()
    add_to_cart(first, scarves[0], 30)
    ShopSettings.objects.update_or_create(defaults={"max_quantity_per_line": 40})
    add_to_cart(first, scarves[0], 10)
    assert checkout(first, meta={"REMOTE_ADDR": "203.0.113.7"}).status_code == 303
    Order.objects.update(reserved_until=timezone.now() - dt.timedelta(minutes=1))
    add_to_cart(second, scarves[1], 20)

    assert checkout(second, meta={"REMOTE_ADDR": "203.0.113.7"}).status_code == 303


def test_staff_cannot_set_a_hold_shorter_than_stripes_checkout(shop_index):
    from django.core.exceptions import ValidationError

    shop_settings = ShopSettings.load()
    shop_settings.reservation_minutes = 30
    with pytest.raises(ValidationError, match="reservation_minutes"):
        shop_settings.full_clean()


def test_checkout_starts_are_throttled_per_client_behind_a_proxy(client, stripe_fake, settings, scarves):
    settings.SHOP_CHECKOUT_MIN_SECONDS = 0
    settings.SHOP_CHECKOUT_RATE_IP = "2/m"
    settings.SHOP_CHECKOUT_RATE_EMAIL = "1000/m"
    settings.TRUSTED_PROXY_COUNT = 1
    add_to_cart(client, scarves[0], 1)

    def start(visitor):
        # The proxy appends the address it saw; the client's own forged first hop is ignored.
        proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": f"6.6.6.6, {visitor}"}
        return checkout(client, email="buyer@example.org", meta=proxy).status_code

    same = [start("198.51.100.1") for _ in range(3)]
    others = [start(f"198.51.100.{n}") for n in range(2, 12)]

    assert same == [303, 303, 429]
    assert others == [303] * 10  # ten customers behind one proxy do not share one limit
