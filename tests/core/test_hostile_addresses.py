"""Hostile addresses never reach the database: a NUL byte or another control character in a path or
query string gets a clear 400 page (PostgreSQL refuses NUL in text), malformed tokens are a 404, and
search syntax characters are not an error (SQLite's FTS5). Runs on SQLite and, in CI's second pass,
on PostgreSQL."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NUL_ADDRESSES = [
    "/search/?q=%00",
    "/search/?q=soap%00candles",
    "/search/?q%00=soap",
    "/search/?q=x&page=%00",
    "/giving/thank-you/?session_id=%00",
    "/giving/thank-you/?session_id=cs_test_%00abc",
    "/shop/orders/abc%00def/",
    "/shop/orders/%00/",
    "/shop/checkout/success/?order=%00&session_id=cs_test_1",
    "/shop/checkout/success/?order=abc&session_id=%00",
    "/shop/orders/abc%1bdef/",
    "/search/?q=%7f",
    "/%00/",
]


@pytest.fixture
def site(home_page, shop_index):
    return home_page


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_control_characters_in_an_address_get_a_clear_400(site, address):
    response = Client(raise_request_exception=False).get(address)

    assert response.status_code == 400
    body = response.content.decode()
    assert "That address is not valid" in body
    assert "Go to the home page" in body


def test_tab_and_newline_in_pasted_search_text_are_fine(site):
    response = Client().get("/search/", {"q": "soap\tcandles\r\n"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"soap',
        "soap\"'",
        "'",
        "*",
        "soap*",
        "(",
        ")",
        "a:b",
        "^",
        "NEAR(a b)",
        "NOT",
        "AND",
        "OR",
        "soap OR",
        "- soap",
        "+",
        "{a b}",
        "[x]",
        "\\",
        "%",
        "_",
        "a;DROP TABLE x",
    ],
)
def test_search_syntax_characters_are_words_not_errors(site, query):
    response = Client(raise_request_exception=False).get("/search/", {"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "token", ["x", "a" * 65, "../../etc/passwd", "abc def", "%E2%80%AE", "abc%2Fdef", "' OR 1=1 --"]
)
def test_malformed_order_tokens_are_not_found(site, token):
    response = Client(raise_request_exception=False).get(f"/shop/orders/{token}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"order": "x" * 5000, "session_id": "cs_test_1"},
        {"order": "abc", "session_id": "cs_test_1\n"},
        {"order": "", "session_id": "x" * 5000},
        {"session_id": "cs_\u202e"},
    ],
)
def test_the_checkout_success_page_refuses_malformed_parameters_without_an_error(site, params):
    response = Client(raise_request_exception=False).get("/shop/checkout/success/", params)

    assert response.status_code == 404
