"""The demo gateway: a local, bannered pay page that settles through the same webhook pipeline."""

import re

import pytest
from django.test import Client
from djmoney.money import Money

from payments.client import DemoGatewayDisabled
from payments.exceptions import RefundError
from payments.models import StripeEvent
from payments.services import (
    checkout_session_create,
    checkout_session_sync,
    customer_portal_session_create,
    refund_create,
    subscription_cancel,
)
from payments.types import CheckoutMode, CheckoutRequest, Interval, LineItem, Recurring, ShippingOption
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db
BANNER = "Demo payment: no card is charged"


def demo_request(**overrides):
    fields = {
        "kind": "test",
        "reference": "T-300",
        "mode": CheckoutMode.PAYMENT,
        "line_items": [LineItem(name="Hope candle", unit_amount=Money("20.00", "USD"), quantity=2)],
        "success_url": "http://testserver/thanks/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://testserver/cart/",
        "customer_email": "buyer@example.org",
        "shipping_countries": ["US"],
        "shipping_options": [
            ShippingOption(label="Ground", amount=Money("5.00", "USD")),
            ShippingOption(label="Express", amount=Money("15.00", "USD")),
        ],
    }
    fields.update(overrides)
    return CheckoutRequest(**fields)


def _csrf_client_get(url):
    client = Client(enforce_csrf_checks=True)
    response = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    return client, response, token


def test_without_keys_checkout_returns_the_bannered_local_pay_page(test_handler):
    start = checkout_session_create(request=demo_request())

    assert start.demo
    assert start.url == f"/payments/demo/{start.session_id}/"
    response = Client().get(start.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert BANNER in page
    assert "Hope candle" in page
    assert "Express" in page


def test_paying_on_the_demo_page_settles_through_the_webhook_pipeline_once(test_handler, settings):
    start = checkout_session_create(request=demo_request())
    client, _, token = _csrf_client_get(start.url)

    response = client.post(start.url, {"csrfmiddlewaretoken": token, "action": "pay", "shipping_option": "1"})
    again = client.post(start.url, {"csrfmiddlewaretoken": token, "action": "pay", "shipping_option": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/thanks/?session_id={start.session_id}"
    assert again.status_code == 302
    [settled] = test_handler.effects("payment_settled", "T-300")
    assert settled["amount_total"] == "55.00"
    assert settled["shipping_option_label"] == "Express"
    # settings.PAYMENTS_FEE_RATE 2.9 % of 55.00 + 0.30 = 1.895 -> 1.90 (half-up)
    assert settled["fee"] == "1.90"
    assert settled["shipping_address"]["city"] == "Springfield"
    event = StripeEvent.objects.get()
    assert (event.source, event.status, event.type) == ("demo", "processed", "checkout.session.completed")
    assert checkout_session_sync(session_id=start.session_id, kind="test") is True
    assert len(test_handler.effects("payment_settled")) == 1


def test_declining_on_the_demo_page_moves_no_money(test_handler):
    start = checkout_session_create(request=demo_request())
    client, _, token = _csrf_client_get(start.url)

    response = client.post(start.url, {"csrfmiddlewaretoken": token, "action": "decline"})

    assert response.status_code == 402
    assert "declined" in response.content.decode()
    assert test_handler.effects() == []
    assert checkout_session_sync(session_id=start.session_id, kind="test") is False


def test_the_demo_pay_form_is_csrf_protected(test_handler):
    start = checkout_session_create(request=demo_request())

    response = Client(enforce_csrf_checks=True).post(start.url, {"action": "pay"})

    assert response.status_code == 403
    assert test_handler.effects() == []


def test_the_webhook_is_the_only_csrf_exempt_view(client, stripe_keys, test_handler):
    from payments import views

    assert getattr(views.stripe_webhook, "csrf_exempt", False) is True
    assert not getattr(views.demo_pay, "csrf_exempt", False)
    assert not getattr(views.demo_portal, "csrf_exempt", False)


def test_a_demo_signed_event_is_refused_at_the_real_webhook(client, stripe_keys, test_handler):
    from payments.client import demo_webhook_secret

    event = make_event("checkout.session.completed", {"id": "cs_demo_x", "object": "checkout.session"})
    response = post_webhook(client, event, secret=demo_webhook_secret())

    assert response.status_code == 400


def test_the_demo_gateway_refuses_to_run_with_debug_off_unless_enabled(test_handler, settings):
    start = checkout_session_create(request=demo_request())
    settings.DEBUG = False
    settings.PAYMENTS_DEMO = False

    assert Client().get(start.url).status_code == 404
    with pytest.raises(DemoGatewayDisabled):
        checkout_session_create(request=demo_request(reference="T-301"))


def test_the_demo_gateway_runs_with_debug_on(test_handler, settings):
    settings.DEBUG = True
    settings.PAYMENTS_DEMO = False

    start = checkout_session_create(request=demo_request())

    assert Client().get(start.url).status_code == 200


def test_an_unknown_demo_session_is_404(test_handler):
    assert Client().get("/payments/demo/cs_demo_nothing/").status_code == 404


def _pay(start):
    client, _, token = _csrf_client_get(start.url)
    client.post(start.url, {"csrfmiddlewaretoken": token, "action": "pay"})


def test_demo_refunds_reach_the_domain_after_commit_and_never_exceed_the_payment(
    test_handler, django_capture_on_commit_callbacks
):
    start = checkout_session_create(request=demo_request(shipping_options=[], shipping_countries=[]))
    _pay(start)

    with django_capture_on_commit_callbacks(execute=True):
        partial = refund_create(
            kind="test", reference="T-300", amount=Money("15.00", "USD"), idempotency_key="r1"
        )
        repeated = refund_create(
            kind="test", reference="T-300", amount=Money("15.00", "USD"), idempotency_key="r1"
        )
    with pytest.raises(RefundError):
        refund_create(kind="test", reference="T-300", amount=Money("25.01", "USD"), idempotency_key="r2")
    with django_capture_on_commit_callbacks(execute=True):
        rest = refund_create(kind="test", reference="T-300", amount=None, idempotency_key="r3")

    assert partial.refund_id == repeated.refund_id
    assert rest.amount == Money("25.00", "USD")
    assert [effect["amount"] for effect in test_handler.effects("refund_updated")] == ["15.00", "25.00"]


def test_demo_subscription_starts_and_can_be_cancelled(test_handler, django_capture_on_commit_callbacks):
    request = demo_request(
        reference="R-300",
        mode=CheckoutMode.SUBSCRIPTION,
        line_items=[LineItem(name="Monthly gift", unit_amount=Money("25.00", "USD"))],
        shipping_countries=[],
        shipping_options=[],
        recurring=Recurring(interval=Interval.MONTH),
    )
    start = checkout_session_create(request=request)
    _pay(start)

    [settled] = test_handler.effects("payment_settled", "R-300")
    assert settled["subscription_id"].startswith("sub_demo_")
    [started] = test_handler.effects("subscription_updated", "R-300")
    assert started["status"] == "active"

    with django_capture_on_commit_callbacks(execute=True):
        subscription_cancel(subscription_id=settled["subscription_id"])

    assert test_handler.effects("subscription_updated", "R-300")[-1]["deleted"] is True


def test_demo_customer_portal_is_a_bannered_local_page_with_a_safe_return_link(test_handler):
    url = customer_portal_session_create(customer_id="cus_demo_1", return_url="https://evil.example.com/")

    response = Client().get(url)

    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert 'href="/"' in response.content.decode()
    assert Client().get(url.replace("/portal/", "/portal/x")).status_code == 404
