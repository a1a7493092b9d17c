"""Add to cart and the cart page do a small, constant amount of database work: an add writes the cart
line (the session only when the cart is new), an add that changes nothing writes nothing at all, and
a refused add leaves no cart or session behind."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.sessions import SessionStore
from shop import services
from shop.models import Cart, CartLine, ShopSettings
from tests.fixtures.shop_factories import category_create, product_create, variant_of

pytestmark = pytest.mark.django_db

FIRST_ADD_BUDGET = 9  # settings, variant, cart + line in one transaction, the session insert
ADD_BUDGET = 8  # session, settings, variant, cart with the line's quantity; one transaction of 2 writes
UNCHANGED_ADD_BUDGET = 4  # the same reads, no write
# Settings, session, cart, lines with their products, categories (impact previews come from the cache)
# and the base template's few reads, whatever the number of lines.
CART_PAGE_BUDGET = 8
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT")


def _add(client, variant, quantity=1):
    return client.post(
        "/shop/cart/add/", {"variant": variant.pk, "quantity": quantity}, HTTP_ORIGIN="http://testserver"
    )


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def catalogue(shop_index):
    """Three products in two categories, priced so the impact lines come out in whole hours; the
    settings rows exist already, as they do on a running site."""
    ShopSettings.load()
    scarves, candles = category_create(title="Scarves"), category_create(title="Candles")
    return [
        variant_of(product_create(parent=scarves, title="Silk scarf", price="40.00", stock=30)),
        variant_of(product_create(parent=scarves, title="Wool scarf", price="20.00", stock=30)),
        variant_of(product_create(parent=candles, title="Beeswax candle", price="60.00", stock=30)),
    ]


def test_the_first_add_starts_a_session_and_later_adds_leave_it_alone(
    client, catalogue, django_assert_max_num_queries
):
    silk, wool, _ = catalogue
    with django_assert_max_num_queries(FIRST_ADD_BUDGET):
        first = _add(client, silk, 2)
    assert settings.SESSION_COOKIE_NAME in first.cookies
    session_key = first.cookies[settings.SESSION_COOKIE_NAME].value
    saved = Session.objects.get(session_key=session_key)

    with django_assert_max_num_queries(ADD_BUDGET):
        again = _add(client, wool, 3)
    with django_assert_max_num_queries(ADD_BUDGET):
        more = _add(client, silk, 2)

    assert again.status_code == more.status_code == 302
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # not rewritten, not re-sent
    assert settings.SESSION_COOKIE_NAME not in more.cookies
    unchanged = Session.objects.get(session_key=session_key)
    assert (unchanged.expire_date, unchanged.session_data) == (saved.expire_date, saved.session_data)
    quantities = {line.variant_id: line.quantity for line in CartLine.objects.all()}
    assert quantities == {silk.pk: 4, wool.pk: 3}
    assert "Added to your cart." in _messages(more)


def test_the_same_add_posted_again_at_the_limit_writes_nothing(client, catalogue):
    silk, wool, _ = catalogue
    limit = ShopSettings.load().max_quantity_per_line
    _add(client, wool, 2)
    _add(client, silk, limit)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    saved = Session.objects.get(session_key=session_key)
    cart = Cart.objects.get()

    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            response = _add(client, silk, 1)
        assert _writes(captured) == []
        assert len(captured) <= UNCHANGED_ADD_BUDGET
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert f"at most {limit} per order, so your cart holds {limit}" in _messages(response)

    assert CartLine.objects.get(variant=silk).quantity == limit
    assert Cart.objects.get().updated_at == cart.updated_at
    unchanged = Session.objects.get(session_key=session_key)
    assert (unchanged.expire_date, unchanged.session_data) == (saved.expire_date, saved.session_data)


def test_an_add_held_back_by_stock_after_the_stock_fell_lowers_the_line(client, catalogue):
    silk = catalogue[0]
    _add(client, silk, 5)
    silk.stock = 3
    silk.save(update_fields=["stock"])

    response = _add(client, silk, 1)

    assert CartLine.objects.get(variant=silk).quantity == 3
    assert "only 3 left, so your cart holds 3" in _messages(response)


@pytest.mark.parametrize("variant", ["999999", "abc", "-3", "1e9", ""])
def test_a_refused_add_leaves_no_cart_and_no_session(client, catalogue, variant):
    response = client.post(
        "/shop/cart/add/", {"variant": variant, "quantity": 1}, HTTP_ORIGIN="http://testserver"
    )

    assert response.status_code == 302
    assert _messages(response)  # says why
    assert not Cart.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_sold_out_or_inactive_variant_leaves_no_cart(client, catalogue):
    silk, wool, _ = catalogue
    silk.stock = 0
    silk.save(update_fields=["stock"])
    wool.is_active = False
    wool.save(update_fields=["is_active"])

    sold_out = _add(client, silk, 1)
    inactive = _add(client, wool, 1)

    assert "Silk scarf is sold out." in _messages(sold_out)
    assert "no longer available" in _messages(inactive)
    assert not Cart.objects.exists()


def test_a_line_changed_by_another_request_meanwhile_is_not_overwritten(catalogue, monkeypatch):
    """Two adds of the same variant at once: the second one's read of the line is stale; its
    compare-and-set misses and it redoes the add under the row lock, so neither add is lost."""
    silk = catalogue[0]
    session = SessionStore()
    services.cart_add_for_session(session=session, variant_id=silk.pk, quantity=2)
    real = services.cart._visitor_cart

    def stale(**kwargs):
        cart = real(**kwargs)
        CartLine.objects.filter(cart=cart, variant=silk).update(quantity=5)  # the other request's add
        return cart  # still holds the quantity read before: 2

    monkeypatch.setattr(services.cart, "_visitor_cart", stale)
    change = services.cart_add_for_session(session=session, variant_id=silk.pk, quantity=1)

    assert change.quantity == 6
    assert CartLine.objects.get(variant=silk).quantity == 6


def test_cart_page_queries_do_not_grow_with_the_lines(
    client, catalogue, shop_rules, django_assert_max_num_queries
):
    silk, wool, candle = catalogue
    _add(client, silk, 2)  # $80: 45 % is $36, 2 hours at $18
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10"})
    client.get("/shop/cart/")  # the first view computes and caches the impact previews, once a day
    with django_assert_max_num_queries(CART_PAGE_BUDGET):
        small = client.get("/shop/cart/").content.decode()
    _add(client, wool, 4)  # $80: 2 hours
    _add(client, candle, 2)  # $120: $54, 3 hours
    client.get("/shop/cart/")
    with django_assert_max_num_queries(CART_PAGE_BUDGET):
        body = client.get("/shop/cart/").content.decode()

    assert "about 2 hours of survivor wages" in small
    for title in ("Silk scarf", "Wool scarf", "Beeswax candle"):
        assert title in body
    goods = Decimal("40.00") * 2 + Decimal("20.00") * 4 + Decimal("60.00") * 2
    assert f"${goods:,.2f}" in body
    assert f"${goods + 10:,.2f}" in body  # with the $10 gift
    assert body.count("Funds about 2 hours of survivor wages") == 2
    assert "Funds about 3 hours of survivor wages" in body
    # The whole order: 45 % of $280 = $126 = 7 hours at $18.
    assert "Your order funds about 7 hours of survivor wages." in body


def test_a_first_add_writes_the_session_with_the_cart_and_never_again(client, catalogue):
    """The new session is inserted in the cart's own write transaction; the session middleware's save
    at the end of the request then has nothing left to write."""
    silk = catalogue[0]

    with CaptureQueriesContext(connection) as captured:
        response = _add(client, silk, 2)

    assert response.status_code == 302
    session_writes = [sql for sql in _writes(captured) if "django_session" in sql]
    assert len(session_writes) == 1
    assert session_writes[0].lstrip().upper().startswith("INSERT")
    statements = [q["sql"] for q in captured.captured_queries]
    cart_insert = next(i for i, sql in enumerate(statements) if sql.startswith('INSERT INTO "shop_cart"'))
    session_insert = next(
        i for i, sql in enumerate(statements) if sql.startswith('INSERT INTO "django_session"')
    )
    assert cart_insert < session_insert  # written together, the session last
    session = Session.objects.get().get_decoded()
    assert session["shop_cart"] == str(Cart.objects.get().token)
    assert CartLine.objects.get().quantity == 2
