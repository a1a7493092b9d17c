"""Refunds, the Customer Portal and subscription changes against Stripe (faked at the transport)."""

import pytest
from djmoney.money import Money

from payments.exceptions import PaymentProviderUnavailable, PaymentsError, RefundError
from payments.services import (
    customer_portal_session_create,
    refund_create,
    subscription_cancel,
    subscription_update,
)
from payments.types import Interval, Recurring, RefundStatus
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-400", amount_total=Money("100.00", "USD"))
    post_webhook(client, make_event("checkout.session.completed", session))
    return session


def test_a_partial_refund_sends_minor_units_ids_and_an_idempotency_key(stripe_fake, paid_order):
    result = refund_create(
        kind="test",
        reference="T-400",
        amount=Money("33.33", "USD"),
        idempotency_key="refund-7",
        reason="duplicate",
    )

    [call] = stripe_fake.calls("POST", "/v1/refunds")
    assert call.params["amount"] == "3333"
    assert call.params["payment_intent"] == paid_order["payment_intent"]
    assert call.params["metadata"] == {"kind": "test", "reference": "T-400"}
    assert call.params["reason"] == "duplicate"
    assert call.idempotency_key == "refund-test-T-400-refund-7"
    assert result.amount == Money("33.33", "USD")
    assert result.status == RefundStatus.SUCCEEDED


def test_free_text_reasons_stay_out_of_stripe(stripe_fake, paid_order):
    refund_create(
        kind="test",
        reference="T-400",
        amount=Money("1.00", "USD"),
        idempotency_key="k",
        reason="Customer Jane said",
    )
    assert "reason" not in stripe_fake.calls("POST", "/v1/refunds")[0].params


def test_a_full_refund_omits_the_amount(stripe_fake, paid_order):
    result = refund_create(kind="test", reference="T-400", amount=None, idempotency_key="full")

    assert "amount" not in stripe_fake.calls("POST", "/v1/refunds")[0].params
    assert result.amount == Money("100.00", "USD")


def test_retrying_a_refund_with_the_same_key_refunds_once(stripe_fake, paid_order):
    first = refund_create(
        kind="test", reference="T-400", amount=Money("10.00", "USD"), idempotency_key="same"
    )
    second = refund_create(
        kind="test", reference="T-400", amount=Money("10.00", "USD"), idempotency_key="same"
    )

    assert first.refund_id == second.refund_id
    refunds = [obj for obj in stripe_fake.objects.values() if obj.get("object") == "refund"]
    assert len(refunds) == 1


def test_several_partial_refunds_up_to_the_whole_then_stripe_refuses_more(stripe_fake, paid_order):
    for index, amount in enumerate(("33.33", "33.33", "33.34")):
        refund_create(
            kind="test", reference="T-400", amount=Money(amount, "USD"), idempotency_key=f"p{index}"
        )

    with pytest.raises(RefundError) as raised:
        refund_create(kind="test", reference="T-400", amount=Money("0.01", "USD"), idempotency_key="p9")

    assert "refunded" in raised.value.user_message.lower()


def test_a_refund_larger_than_what_is_left_is_refused_with_a_clear_message(stripe_fake, paid_order):
    with pytest.raises(RefundError) as raised:
        refund_create(kind="test", reference="T-400", amount=Money("100.01", "USD"), idempotency_key="big")

    assert "greater than unrefunded" in raised.value.user_message


def test_refunding_something_never_paid_is_refused_without_calling_stripe(stripe_fake, test_handler):
    with pytest.raises(RefundError):
        refund_create(kind="test", reference="T-nothing", amount=None, idempotency_key="x")
    with pytest.raises(RefundError):
        refund_create(kind="test", reference="T-nothing", amount=Money("-1", "USD"), idempotency_key="x")
    assert stripe_fake.calls("POST", "/v1/refunds") == []


def test_stripe_down_during_a_refund_is_reported_as_unavailable(stripe_fake, paid_order):
    stripe_fake.fail("POST", "/v1/refunds", "network")

    with pytest.raises(PaymentProviderUnavailable):
        refund_create(kind="test", reference="T-400", amount=None, idempotency_key="n")


def test_customer_portal_session_url(stripe_fake):
    url = customer_portal_session_create(customer_id="cus_123", return_url="https://example.org/account/")

    [call] = stripe_fake.calls("POST", "/v1/billing_portal/sessions")
    assert call.params == {"customer": "cus_123", "return_url": "https://example.org/account/"}
    assert url.startswith("https://billing.stripe.com/")


def test_subscription_update_replaces_the_price_from_the_next_invoice(stripe_fake):
    subscription = stripe_fake.put(stripe_fake.obj("subscription"))

    subscription_update(
        subscription_id=subscription["id"],
        amount=Money("40.00", "USD"),
        recurring=Recurring(interval=Interval.YEAR),
    )

    [call] = stripe_fake.calls("POST", f"/v1/subscriptions/{subscription['id']}")
    item = call.params["items"][0]
    assert item["id"] == subscription["items"]["data"][0]["id"]
    assert item["price_data"] == {
        "currency": "usd",
        "product": subscription["items"]["data"][0]["price"]["product"],
        "unit_amount": "4000",
        "recurring": {"interval": "year", "interval_count": "1"},
    }
    assert call.params["proration_behavior"] == "none"
    assert call.idempotency_key


def test_subscription_cancel(stripe_fake):
    subscription = stripe_fake.put(stripe_fake.obj("subscription", status="active"))

    subscription_cancel(subscription_id=subscription["id"])

    assert stripe_fake.calls("DELETE", f"/v1/subscriptions/{subscription['id']}")
    assert stripe_fake.objects[subscription["id"]]["status"] == "canceled"


def test_cancelling_an_unknown_subscription_is_a_clear_error(stripe_fake):
    with pytest.raises(PaymentsError):
        subscription_cancel(subscription_id="sub_missing")


def test_an_instalment_is_refunded_by_its_payment_intent(stripe_fake, test_handler):
    instalment = stripe_fake.paid_checkout(
        kind="test", reference="R-inst", amount_total=Money("25.00", "USD")
    )

    result = refund_create(
        kind="test",
        reference="D-instalment-3",
        amount=None,
        idempotency_key="i3",
        payment_intent_id=instalment["payment_intent"],
    )

    [call] = stripe_fake.calls("POST", "/v1/refunds")
    assert call.params["payment_intent"] == instalment["payment_intent"]
    assert call.params["metadata"] == {"kind": "test", "reference": "D-instalment-3"}
    assert result.amount == Money("25.00", "USD")


def test_the_first_payment_of_a_subscription_checkout_carries_its_payment_intent(
    client, stripe_fake, test_handler
):
    first = stripe_fake.paid_checkout(kind="test", reference="R-first", amount_total=Money("25.00", "USD"))
    session = stripe_fake.paid_checkout(
        kind="test",
        reference="R-first",
        amount_total=Money("25.00", "USD"),
        mode="subscription",
    )
    stripe_fake.put(
        stripe_fake.obj(
            "invoice_payment",
            invoice=session["invoice"],
            status="paid",
            payment={"type": "payment_intent", "payment_intent": first["payment_intent"]},
        )
    )

    post_webhook(client, make_event("checkout.session.completed", session))

    [settled] = test_handler.effects("payment_settled", "R-first")
    assert settled["payment_intent_id"] == first["payment_intent"]
    assert settled["subscription_id"] == session["subscription"]


def test_a_refund_uses_the_checkout_that_was_paid_not_a_later_abandoned_one(
    client, stripe_fake, test_handler
):
    from payments.models import CheckoutLink

    paid = stripe_fake.paid_checkout(kind="test", reference="T-410", amount_total=Money("20.00", "USD"))
    post_webhook(client, make_event("checkout.session.completed", paid))
    CheckoutLink.objects.create(
        session_id="cs_test_abandoned",
        kind="test",
        reference="T-410",
        mode="payment",
        payment_intent_id="pi_other",
    )

    refund_create(kind="test", reference="T-410", amount=None, idempotency_key="z")

    assert stripe_fake.calls("POST", "/v1/refunds")[0].params["payment_intent"] == paid["payment_intent"]
