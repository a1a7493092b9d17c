"""Many buyers at once on PostgreSQL: exactly the stock is sold, never negative, no deadlock; and the
success page racing the webhook fulfils once."""

import pytest
from django.db import connection

from ledger.models import Posting
from shop import services
from shop.errors import OutOfStockError
from shop.models import Cart, CartLine, Order, ProductVariant
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.threads import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_buyers_five_items_multi_item_carts_sell_exactly_the_stock(shop_index):
    assert connection.vendor == "postgresql"
    scarce = variant_of(product_create(title="Last scarves", price="30.00", stock=5))
    plenty = variant_of(product_create(title="Soap", price="8.00", stock=100))
    also_scarce = variant_of(product_create(title="Last candles", price="12.00", stock=5))
    carts = []
    for n in range(20):
        cart = Cart.objects.create()
        # Lines added in different orders: lock order must not depend on it.
        wanted = [(scarce, 1), (plenty, 2), (also_scarce, 1)] if n % 2 else [(also_scarce, 1), (scarce, 1)]
        if n % 3 == 0:
            wanted = [(plenty, 1), (scarce, 1)]
        for variant, quantity in wanted:
            CartLine.objects.create(cart=cart, variant=variant, quantity=quantity)
        carts.append(cart)

    results = run_in_threads(
        [
            lambda cart=cart, n=n: services.order_create_from_cart(cart=cart, email=f"b{n}@example.org")
            for n, cart in enumerate(carts)
        ],
        what="a buyer",
    )

    errors = [value for status, value in results if status == "error"]
    assert all(isinstance(error, OutOfStockError) for error in errors), errors
    orders = Order.objects.filter(status=OrderStatus.PENDING).prefetch_related("lines")
    sold = {}
    for order in orders:
        for line in order.lines.all():
            sold[line.variant_id] = sold.get(line.variant_id, 0) + line.quantity
    assert sold[scarce.pk] == 5
    assert ProductVariant.objects.get(pk=scarce.pk).stock == 0
    assert ProductVariant.objects.get(pk=also_scarce.pk).stock == 5 - sold.get(also_scarce.pk, 0) >= 0
    assert ProductVariant.objects.get(pk=plenty.pk).stock == 100 - sold.get(plenty.pk, 0)
    assert len([r for r in results if r[0] == "ok"]) == orders.count()


def test_success_page_and_webhook_racing_fulfil_once(stripe_fake, settings, shop_rules, shop_index):
    from django.core import mail

    from payments import services as payment_services
    from tests.fixtures.shop_helpers import paid_session
    from tests.fixtures.stripe import make_event, post_webhook

    settings.SHOP_CHECKOUT_MIN_SECONDS = 0
    cart = Cart.objects.create()
    CartLine.objects.create(cart=cart, variant=variant_of(product_create(price="40.00", stock=3)), quantity=1)
    order = services.order_create_from_cart(cart=cart, email="race@example.org")
    services.order_checkout_start(
        order=order, success_url="http://testserver/s?{CHECKOUT_SESSION_ID}", cancel_url="http://testserver/c"
    )
    order.refresh_from_db()
    session = paid_session(stripe_fake, order)
    event = make_event("checkout.session.completed", session)

    def webhook():
        from django.test import Client

        return post_webhook(Client(), event).status_code

    def success_page():
        return payment_services.checkout_session_sync(session_id=session["id"], kind="order")

    results = run_in_threads([webhook, success_page, webhook, success_page], what="a buyer")

    assert all(status == "ok" for status, _ in results), results
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Posting.objects.filter(source=order.ledger_source, kind="payment").count() == 1
    assert len([m for m in mail.outbox if m.to == ["race@example.org"]]) == 1
