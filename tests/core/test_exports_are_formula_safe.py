"""Every admin CSV export of shop, payments, ledger and cms goes through core.export: text a
spreadsheet would run as a formula arrives as text (a leading apostrophe), numbers stay numbers."""

import csv
import io

import pytest
from django.utils import timezone
from djmoney.money import Money

FORMULA = '=HYPERLINK("http://evil.example","Click")'
pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


def _assert_safe(rows, *, expected_cells):
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    for expected in expected_cells:
        assert expected in cells, (expected, rows)


def test_orders_export(admin_client, shop_index):
    from shop.models import Order

    Order.objects.create(email="x@example.org", customer_name=FORMULA, shipping_option="+1-555")

    rows = _csv(admin_client.get("/admin/shop_order/", {"export": "csv"}))

    _assert_safe(rows, expected_cells=["'" + FORMULA, "'+1-555"])


def test_stock_export(admin_client, shop_index):
    from tests.fixtures.shop_factories import product_create

    product_create(title="@SUM(A1:A9)", price="12.00", stock=3)

    rows = _csv(admin_client.get("/admin/shop_stock/", {"export": "csv"}))

    _assert_safe(rows, expected_cells=["'@SUM(A1:A9)", "3"])


def test_checkout_sessions_export(admin_client):
    from payments.models import CheckoutLink

    CheckoutLink.objects.create(session_id="cs_test_x", kind="order", reference=FORMULA, mode="payment")

    rows = _csv(admin_client.get("/admin/checkout_links/", {"export": "csv"}))

    _assert_safe(rows, expected_cells=["'" + FORMULA, "cs_test_x"])


def test_ledger_postings_export(admin_client, shop_default_rule, ledger_now):
    from ledger import services
    from ledger.types import Channel, RevenueLine, RuleTarget

    services.payment_post(
        source="order:HW-9",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=Money("40.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
        memo=FORMULA,
    )

    rows = _csv(admin_client.get("/admin/finance/postings/", {"export": "csv"}))

    _assert_safe(rows, expected_cells=["'" + FORMULA, "order:HW-9"])


def test_form_submissions_export(admin_client, make_form_page):
    from wagtail.contrib.forms.models import FormSubmission

    page = make_form_page()
    FormSubmission.objects.create(
        page=page,
        form_data={"your_name": FORMULA, "email": "a@example.org", "message": "-2+3"},
        submit_time=timezone.now(),
    )

    rows = _csv(admin_client.get(f"/admin/forms/submissions/{page.pk}/", {"export": "csv"}))

    _assert_safe(rows, expected_cells=["'" + FORMULA, "'-2+3", "a@example.org"])
