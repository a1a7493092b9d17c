"""In a real browser: the demo pay page is accessible, clearly bannered, and Pay settles the payment."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from djmoney.money import Money

from payments.services import checkout_session_create
from payments.types import CheckoutMode, CheckoutRequest, LineItem, ShippingOption

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SERIOUS = {"serious", "critical"}


def test_demo_pay_page_is_accessible_and_pay_settles_once(page, live_server, test_handler):
    start = checkout_session_create(
        request=CheckoutRequest(
            kind="test",
            reference="T-BROWSER",
            mode=CheckoutMode.PAYMENT,
            line_items=[LineItem(name="Hope candle", unit_amount=Money("18.00", "USD"), quantity=2)],
            success_url=f"{live_server.url}/thanks/?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{live_server.url}/cart/",
            shipping_countries=["US"],
            shipping_options=[ShippingOption(label="Ground", amount=Money("5.00", "USD"))],
        )
    )
    page.goto(start.url)

    assert page.get_by_role("note").inner_text().startswith("Demo payment: no card is charged")
    results = Axe().run(page)
    violations = [item for item in results.response["violations"] if item["impact"] in SERIOUS]
    assert violations == [], results.generate_report()

    page.get_by_role("button", name="Pay (demo)").click()
    page.wait_for_url(f"**/thanks/?session_id={start.session_id}")

    [settled] = test_handler.effects("payment_settled", "T-BROWSER")
    assert settled["amount_total"] == "41.00"
