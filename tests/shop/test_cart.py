"""The cart: server-side prices, stock limits, gifts, login merge, and hostile input."""

import pytest
from django.contrib.auth import get_user_model
from djmoney.money import Money

from shop import services
from shop.errors import CartError
from shop.models import Cart, CartLine
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def scarf(shop_index):
    return product_create(title="Silk scarf", price="30.00", stock=4)


def _lines():
    return list(CartLine.objects.all())


def test_add_update_remove(client, scarf):
    variant = variant_of(scarf)
    add_to_cart(client, variant, 1)
    add_to_cart(client, variant, 2)
    [line] = _lines()
    assert line.quantity == 3

    client.post("/shop/cart/update/", {"line": line.pk, "quantity": 1})
    assert _lines()[0].quantity == 1

    client.post("/shop/cart/remove/", {"line": line.pk})
    assert _lines() == []


def test_cart_page_prices_from_database_and_shows_line_impact(client, scarf, shop_rules):
    add_to_cart(client, variant_of(scarf), 2, price="0.01", unit_price="0.01")

    body = client.get("/shop/cart/").content.decode()

    assert "$60.00" in body
    assert "0.01" not in body
    # 45 % of $60 = $27 = 1.5 hours at $18
    assert "about 1.5 hours of survivor wages" in body


def test_quantity_is_limited_by_stock_with_a_clear_message(client, scarf):
    response = add_to_cart(client, variant_of(scarf), 9)

    [line] = _lines()
    assert line.quantity == 4
    assert "only 4 left" in client.get(response["Location"]).content.decode()


def test_updating_to_zero_removes_the_line(client, scarf):
    add_to_cart(client, variant_of(scarf), 1)
    client.post("/shop/cart/update/", {"line": _lines()[0].pk, "quantity": 0})
    assert _lines() == []


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "1e9", "99999999999999999999", "", "1.5", "NaN"])
def test_hostile_quantities_are_refused_and_cart_unchanged(client, scarf, quantity):
    response = client.post(
        "/shop/cart/add/", {"variant": variant_of(scarf).pk, "quantity": quantity}, follow=True
    )

    assert response.status_code == 200
    assert _lines() == []
    assert any(m.level_tag == "error" for m in response.context["messages"])


@pytest.mark.parametrize("quantity", ["-5", "abc", "100000"])
def test_hostile_quantity_on_update_keeps_the_line(client, scarf, quantity):
    add_to_cart(client, variant_of(scarf), 2)
    line = _lines()[0]

    response = client.post("/shop/cart/update/", {"line": line.pk, "quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert _lines()[0].quantity == 2


@pytest.mark.parametrize(
    "variant_id", ["999999", "abc", "", "-3", "1 OR 1=1", "99999999999999999999", str(2**63)]
)
def test_unknown_variant_ids_are_refused(client, scarf, variant_id):
    response = client.post("/shop/cart/add/", {"variant": variant_id, "quantity": 1}, follow=True)
    assert response.status_code == 200
    assert _lines() == []


def test_inactive_variant_and_unpublished_product_cannot_be_added(client, shop_index):
    inactive = product_create(variants=[{"price": "10", "stock": 5, "is_active": False}])
    draft = product_create(live=False)

    add_to_cart(client, variant_of(inactive), 1)
    add_to_cart(client, variant_of(draft), 1)

    assert _lines() == []


def test_sold_out_variant_cannot_be_added(client, shop_index):
    product = product_create(stock=0)
    response = add_to_cart(client, variant_of(product), 1)
    assert _lines() == []
    assert "sold out" in client.get(response["Location"]).content.decode()


def test_item_that_sold_out_meanwhile_is_flagged_and_checkout_hidden(client, scarf):
    variant = variant_of(scarf)
    add_to_cart(client, variant, 2)
    variant.stock = 0
    variant.save()

    body = client.get("/shop/cart/").content.decode()

    assert "Sold out since you added it" in body
    assert "Check out</button>" not in body


def test_other_visitors_cannot_touch_my_cart_lines(client, scarf):
    from django.test import Client

    add_to_cart(client, variant_of(scarf), 1)
    line = _lines()[0]
    intruder = Client()
    add_to_cart(intruder, variant_of(scarf), 1)

    intruder.post("/shop/cart/remove/", {"line": line.pk})
    intruder.post("/shop/cart/update/", {"line": line.pk, "quantity": 4})

    line.refresh_from_db()
    assert line.quantity == 1


def test_empty_cart_page_has_an_empty_state(client, shop_index):
    assert "Your cart is empty" in client.get("/shop/cart/").content.decode()


def test_viewing_the_cart_does_not_create_one(client, shop_index):
    client.get("/shop/cart/")
    assert Cart.objects.count() == 0


def test_gift_line_added_and_removed(client, scarf):
    add_to_cart(client, variant_of(scarf), 1)
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10"})
    cart = Cart.objects.get()
    assert cart.gift_amount == usd("10.00")
    assert cart.gift_designation == "counseling"
    assert "Gift for counseling" in client.get("/shop/cart/").content.decode()

    client.post("/shop/cart/gift/", {})
    cart.refresh_from_db()
    assert cart.gift_amount is None


@pytest.mark.parametrize("amount", ["-10", "0", "abc", "10.001", "1000000"])
def test_hostile_gift_amounts_are_refused(client, scarf, amount):
    add_to_cart(client, variant_of(scarf), 1)
    response = client.post("/shop/cart/gift/", {"add": "on", "amount": amount}, follow=True)
    assert Cart.objects.get().gift_amount is None
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_cart_survives_login_and_merges_into_saved_cart(client, shop_index):
    first = product_create(title="Candle", stock=10)
    second = product_create(title="Soap", stock=10)
    user = get_user_model().objects.create_user("casey", "casey@example.org", "pw-123456-xyz")
    saved = Cart.objects.create(user=user)
    CartLine.objects.create(cart=saved, variant=variant_of(first), quantity=1)

    add_to_cart(client, variant_of(first), 2)
    add_to_cart(client, variant_of(second), 1)
    client.login(username="casey", password="pw-123456-xyz")

    cart = Cart.objects.get(user=user)
    quantities = {
        line.variant.product.title: line.quantity for line in cart.lines.select_related("variant__product")
    }
    assert quantities == {"Candle": 3, "Soap": 1}
    assert Cart.objects.count() == 1
    assert "Candle" in client.get("/shop/cart/").content.decode()


def test_anonymous_cart_becomes_users_cart_on_login(client, scarf):
    user = get_user_model().objects.create_user("kim", "kim@example.org", "pw-123456-xyz")
    add_to_cart(client, variant_of(scarf), 1)

    client.login(username="kim", password="pw-123456-xyz")

    assert Cart.objects.get().user == user


def test_service_rejects_quantity_below_one(scarf):
    cart = Cart.objects.create()
    with pytest.raises(CartError):
        services.cart_add(cart=cart, variant_id=variant_of(scarf).pk, quantity=0)


def test_service_gift_rejects_too_many_decimals(scarf):
    cart = Cart.objects.create()
    with pytest.raises(CartError):
        services.cart_set_gift(cart=cart, amount=Money("5.555", "USD"))


def test_cart_endpoints_refuse_get(client, shop_index):
    assert client.get("/shop/cart/add/").status_code == 405
    assert client.get("/shop/checkout/").status_code == 405
