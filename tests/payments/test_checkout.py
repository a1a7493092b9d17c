"""Starting Checkout Sessions and confirming them from the success page (STRIPE_SCENARIOS "Checkout")."""

import datetime as dt

import pytest
from django.utils import timezone
from djmoney.money import Money

from payments.exceptions import CheckoutError, PaymentProviderUnavailable
from payments.models import CheckoutLink
from payments.services import checkout_session_create, checkout_session_sync
from payments.types import CheckoutMode, CheckoutRequest, Interval, LineItem, Recurring, ShippingOption
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def order_request(**overrides):
    fields = {
        "kind": "test",
        "reference": "T-100",
        "mode": CheckoutMode.PAYMENT,
        "line_items": [
            LineItem(
                name="Hope candle", unit_amount=Money("18.50", "USD"), quantity=2, description="Soy wax"
            ),
            LineItem(name="Gift for counseling", unit_amount=Money("10.00", "USD")),
        ],
        "success_url": "https://shop.example.org/thanks/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://shop.example.org/cart/",
        "customer_email": "buyer@example.org",
        "shipping_countries": ["US", "CA"],
        "shipping_options": [
            ShippingOption(label="Ground", amount=Money("6.00", "USD"), min_days=3, max_days=5)
        ],
        "automatic_tax": True,
        "allow_promotion_codes": True,
    }
    fields.update(overrides)
    return CheckoutRequest(**fields)


def test_payment_mode_session_sends_minor_units_and_only_ids_as_metadata(stripe_fake, test_handler):
    start = checkout_session_create(request=order_request())

    [create] = stripe_fake.calls("POST", "/v1/checkout/sessions")
    params = create.params
    assert params["mode"] == "payment"
    assert params["metadata"] == {"kind": "test", "reference": "T-100"}
    assert params["payment_intent_data"]["metadata"] == {"kind": "test", "reference": "T-100"}
    assert "subscription_data" not in params
    first_line = params["line_items"][0]
    assert first_line["quantity"] == "2"
    assert first_line["price_data"] == {
        "currency": "usd",
        "unit_amount": "1850",
        "product_data": {"name": "Hope candle", "description": "Soy wax"},
    }
    assert params["shipping_address_collection"]["allowed_countries"] == ["US", "CA"]
    rate = params["shipping_options"][0]["shipping_rate_data"]
    assert rate["fixed_amount"] == {"amount": "600", "currency": "usd"}
    assert rate["delivery_estimate"]["minimum"] == {"unit": "business_day", "value": "3"}
    assert params["automatic_tax"] == {"enabled": "true"}
    assert params["allow_promotion_codes"] == "true"
    assert params["customer_email"] == "buyer@example.org"
    assert params["success_url"].endswith("{CHECKOUT_SESSION_ID}")
    assert create.idempotency_key.startswith("checkout-test-T-100-")
    assert create.headers["Stripe-Version"] == "2026-10-28.endive"
    assert start.url.startswith("https://checkout.stripe.com/")
    assert not start.demo
    link = CheckoutLink.objects.get(session_id=start.session_id)
    assert (link.kind, link.reference, link.mode) == ("test", "T-100", "payment")


def test_subscription_mode_session_sends_recurring_price_data(stripe_fake, test_handler):
    request = order_request(
        reference="R-100",
        mode=CheckoutMode.SUBSCRIPTION,
        line_items=[LineItem(name="Monthly gift", unit_amount=Money("25.00", "USD"))],
        shipping_countries=[],
        shipping_options=[],
        recurring=Recurring(interval=Interval.MONTH, interval_count=3),
    )

    checkout_session_create(request=request)

    params = stripe_fake.calls("POST", "/v1/checkout/sessions")[0].params
    assert params["mode"] == "subscription"
    assert params["line_items"][0]["price_data"]["recurring"] == {"interval": "month", "interval_count": "3"}
    assert params["subscription_data"]["metadata"] == {"kind": "test", "reference": "R-100"}
    assert "payment_intent_data" not in params


def test_a_double_submitted_checkout_creates_one_session(stripe_fake, test_handler):
    first = checkout_session_create(request=order_request())
    second = checkout_session_create(request=order_request())

    assert first.session_id == second.session_id
    assert len(stripe_fake.calls("POST", "/v1/checkout/sessions")) == 1


def test_two_submits_racing_share_one_idempotency_key_so_stripe_returns_one_session(
    stripe_fake, test_handler
):
    first = checkout_session_create(request=order_request())
    CheckoutLink.objects.all().delete()  # the second request did not see the first one's row yet

    second = checkout_session_create(request=order_request())

    creates = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert len(creates) == 2
    assert creates[0].idempotency_key == creates[1].idempotency_key
    assert first.session_id == second.session_id


def test_a_changed_order_gets_a_new_session(stripe_fake, test_handler):
    first = checkout_session_create(request=order_request())
    changed = checkout_session_create(
        request=order_request(line_items=[LineItem(name="Hope candle", unit_amount=Money("18.50", "USD"))])
    )

    assert first.session_id != changed.session_id


def test_after_the_first_session_expired_a_retry_starts_a_fresh_one(stripe_fake, test_handler):
    first = checkout_session_create(request=order_request())
    stripe_fake.objects[first.session_id]["status"] = "expired"

    retry = checkout_session_create(request=order_request())

    keys = [call.idempotency_key for call in stripe_fake.calls("POST", "/v1/checkout/sessions")]
    assert retry.session_id != first.session_id
    assert keys[1] == keys[0] + "-r1"


def test_an_expiry_outside_stripes_window_is_clamped(stripe_fake, test_handler):
    soon = timezone.now() + dt.timedelta(minutes=5)
    checkout_session_create(request=order_request(expires_at=soon))

    sent = int(stripe_fake.calls("POST", "/v1/checkout/sessions")[0].params["expires_at"])
    assert sent >= int((timezone.now() + dt.timedelta(minutes=30)).timestamp())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"line_items": []}, "nothing to pay"),
        (
            {"line_items": [LineItem(name="Tiny", unit_amount=Money("0.20", "USD"))], "shipping_options": []},
            "at least $0.50",
        ),
        (
            {
                "line_items": [
                    LineItem(name="A", unit_amount=Money("5.00", "USD")),
                    LineItem(name="B", unit_amount=Money("5.00", "EUR")),
                ]
            },
            "same currency",
        ),
        ({"line_items": [LineItem(name="A", unit_amount=Money("5.00", "USD"), quantity=0)]}, "whole numbers"),
        ({"line_items": [LineItem(name="A", unit_amount=Money("-5.00", "USD"))]}, "not one we can charge"),
    ],
)
def test_invalid_checkouts_are_refused_with_a_clear_message(stripe_fake, test_handler, overrides, message):
    with pytest.raises(CheckoutError) as raised:
        checkout_session_create(request=order_request(**overrides))

    assert message in raised.value.user_message
    assert stripe_fake.calls("POST", "/v1/checkout/sessions") == []


def test_programming_errors_are_refused_before_stripe_is_called(stripe_fake, test_handler):
    with pytest.raises(CheckoutError):
        checkout_session_create(request=order_request(kind="unknown"))
    with pytest.raises(CheckoutError):
        checkout_session_create(request=order_request(mode=CheckoutMode.SUBSCRIPTION, shipping_options=[]))
    with pytest.raises(CheckoutError):
        checkout_session_create(request=order_request(success_url="/relative/"))
    assert stripe_fake.requests == []


@pytest.mark.parametrize("error", ["server_error", "network", "rate_limit"])
def test_stripe_being_unavailable_is_reported_and_nothing_is_stored(stripe_fake, test_handler, error):
    stripe_fake.fail("POST", "/v1/checkout/sessions", error)

    with pytest.raises(PaymentProviderUnavailable) as raised:
        checkout_session_create(request=order_request())

    assert "try again" in raised.value.user_message
    assert CheckoutLink.objects.count() == 0


# --- the success page ------------------------------------------------------------------------


def test_success_page_sync_of_a_paid_session_fulfils_once(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-200", amount_total=Money("30.00", "USD"))

    assert checkout_session_sync(session_id=session["id"], kind="test") is True
    assert checkout_session_sync(session_id=session["id"], kind="test") is True

    assert len(test_handler.effects("payment_settled", "T-200")) == 1


def test_success_page_then_webhook_is_one_fulfilment(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-201", amount_total=Money("30.00", "USD"))

    checkout_session_sync(session_id=session["id"], kind="test")
    response = post_webhook(client, make_event("checkout.session.completed", session))

    assert response.status_code == 200
    assert len(test_handler.effects("payment_settled", "T-201")) == 1


def test_webhook_then_success_page_is_one_fulfilment(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-202", amount_total=Money("30.00", "USD"))

    post_webhook(client, make_event("checkout.session.completed", session))
    assert checkout_session_sync(session_id=session["id"], kind="test") is True

    assert len(test_handler.effects("payment_settled", "T-202")) == 1


@pytest.mark.parametrize(
    "session_id", ["cs_test_madeup123", "not-a-session", "", "cs_" + "x" * 300, "../../etc"]
)
def test_a_made_up_session_id_fulfils_nothing(stripe_fake, test_handler, session_id):
    assert checkout_session_sync(session_id=session_id, kind="test") is False
    assert test_handler.effects() == []


def test_an_unpaid_session_fulfils_nothing(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(
        kind="test",
        reference="T-203",
        amount_total=Money("30.00", "USD"),
        session_overrides={"payment_status": "unpaid", "status": "complete"},
    )

    assert checkout_session_sync(session_id=session["id"], kind="test") is False
    assert test_handler.effects() == []


def test_a_session_of_another_kind_fulfils_nothing(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="order", reference="HW-1", amount_total=Money("30.00", "USD"))

    assert checkout_session_sync(session_id=session["id"], kind="test") is False
    assert test_handler.effects() == []


def test_when_stripe_is_down_the_success_page_waits_for_the_webhook(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-204", amount_total=Money("30.00", "USD"))
    stripe_fake.fail("GET", r"/v1/checkout/sessions/.*", "network")

    assert checkout_session_sync(session_id=session["id"], kind="test") is False
    assert test_handler.effects() == []
