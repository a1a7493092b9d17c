"""Private sections stay private with the routes kept in the shared cache: a restriction added to a
page, to its parent or to the page an alias copies applies on the very next view, and an open page
reads no restriction at all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.fixtures.shop_factories import category_create, product_create, shop_index_create

pytestmark = pytest.mark.django_db


def _password(page, password="staff only"):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )


def _asks_for_password(response) -> bool:
    body = response.content.decode()
    return response.status_code == 200 and 'name="password"' in body


@pytest.fixture
def section(home_page):
    index = shop_index_create()
    category = category_create(parent=index, title="Survivor workshop")
    product = product_create(parent=category, title="Workshop candle")
    return {"index": index, "category": category, "product": product}


def test_a_restriction_on_the_parent_applies_to_a_warm_route_at_once(client, section):
    product, category = section["product"], section["category"]
    for _ in range(2):
        assert "Workshop candle" in client.get(product.url).content.decode()

    restriction = _password(category)

    response = client.get(product.url)
    assert _asks_for_password(response)
    assert "Workshop candle</h1>" not in response.content.decode()
    assert _asks_for_password(client.get(category.url))

    restriction.delete()
    assert "Workshop candle" in client.get(product.url).content.decode()


def test_the_right_password_opens_the_private_page(client, section):
    product = section["product"]
    client.get(product.url)
    restriction = _password(section["category"], password="hope-2026")

    form_page = client.get(product.url).content.decode()
    assert '<header class="site-header">' in form_page  # the site's own layout, not a bare page
    assert "Password required" in form_page

    wrong = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{product.pk}/",
        {"password": "guess", "return_url": product.url},
    )
    assert wrong.status_code == 200
    assert "Workshop candle</h1>" not in wrong.content.decode()
    assert 'class="field__error"' in wrong.content.decode()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{product.pk}/",
        {"password": "hope-2026", "return_url": product.url},
    )
    assert "Workshop candle" in client.get(product.url).content.decode()
    assert not _asks_for_password(client.get(product.url))


def test_an_alias_of_a_private_page_is_private_too(client, section, home_page):
    category = section["category"]
    alias = category.create_alias(parent=home_page, update_slug="workshop-copy")
    assert not _asks_for_password(client.get(alias.url))

    _password(category)

    assert _asks_for_password(client.get(alias.url))


def test_a_page_moved_into_a_private_section_is_private_on_its_next_view(client, section):
    index = section["index"]
    open_category = category_create(parent=index, title="Open")
    moved = product_create(parent=open_category, title="Moved candle")
    client.get(moved.url)
    _password(section["category"])

    moved.move(section["category"], pos="last-child")
    moved.refresh_from_db()

    assert _asks_for_password(client.get(moved.url))


def test_an_open_page_reads_no_view_restriction_once_its_route_is_warm(client, section):
    url = section["product"].url
    client.get(url)
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    assert not [query for query in captured if "wagtailcore_pageviewrestriction" in query["sql"]]
