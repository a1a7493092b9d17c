"""Adding to a cart that already exists writes the cart line, not the session."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from tests.fixtures.shop_factories import product_create, variant_of

pytestmark = pytest.mark.django_db

ADD_BUDGET = 12


def _add(client, variant, quantity=1):
    return client.post(
        "/shop/cart/add/", {"variant": variant.pk, "quantity": quantity}, HTTP_ORIGIN="http://testserver"
    )


def test_the_first_add_starts_a_session_and_later_adds_leave_it_alone(
    client, home_page, django_assert_max_num_queries
):
    candle, soap = product_create(stock=20), product_create(stock=20)
    first = _add(client, variant_of(candle), 2)
    assert settings.SESSION_COOKIE_NAME in first.cookies
    session_key = first.cookies[settings.SESSION_COOKIE_NAME].value
    saved = Session.objects.get(session_key=session_key).expire_date

    with django_assert_max_num_queries(ADD_BUDGET):
        again = _add(client, variant_of(soap), 3)

    assert again.status_code == 302
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # not rewritten, not re-sent
    assert Session.objects.get(session_key=session_key).expire_date == saved
    cart = client.get("/shop/cart/").content.decode()
    assert candle.title in cart
    assert soap.title in cart
