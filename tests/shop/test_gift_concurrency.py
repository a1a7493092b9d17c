"""PostgreSQL: two buyers of the last box and a buyer of one of its components; nothing is oversold."""

import pytest
from django.db import connection

from shop import services
from shop.errors import GiftError, OutOfStockError
from shop.models import Cart, CartLine, ProductVariant
from shop.services import gift_checkout, gift_orders
from shop.services.gift_recipients import Recipient, gift_recipients_replace
from tests.fixtures.gift_factories import classic_box_create
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.threads import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_last_box_and_its_component_are_sold_once(shop_index):
    assert connection.vendor == "postgresql"
    candle = variant_of(product_create(title="Candle", price="18.00", stock=2))
    scarf = variant_of(product_create(title="Scarf", price="30.00", stock=1))
    box = classic_box_create(components=[(candle, 2), (scarf, 1)], price="60.00")
    gifts = []
    for n in range(2):
        gift = gift_orders.gift_order_start(box=box, quantity=1)
        gift_recipients_replace(
            gift=gift,
            recipients=[
                Recipient(
                    row=2, name=f"R{n}", line1="1 Main", city="Austin", postal_code="73301", country="US"
                )
            ],
        )
        gift_orders.gift_order_set_contact(
            gift=gift, company="Acme", contact_name="A", email=f"b{n}@example.org"
        )
        gifts.append(gift)
    cart = Cart.objects.create()
    CartLine.objects.create(cart=cart, variant=scarf, quantity=1)

    results = run_in_threads(
        [
            *[
                lambda gift=gift: gift_checkout.gift_order_checkout(
                    gift=gift, success_url="http://t/ok", cancel_url="http://t/no"
                )
                for gift in gifts
            ],
            lambda: services.order_create_from_cart(cart=cart, email="c@example.org"),
        ]
    )
    successes = [result for result in results if result[0] == "ok"]
    failures = [result[1] for result in results if result[0] == "error"]
    assert len(successes) == 1
    assert all(isinstance(error, (GiftError, OutOfStockError)) for error in failures)
    assert ProductVariant.objects.get(pk=scarf.pk).stock == 0
    assert ProductVariant.objects.get(pk=candle.pk).stock in (
        0,
        2,
    )  # the box took both, or the scarf buyer won
