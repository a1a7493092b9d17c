"""STRIPE_SCENARIOS.md "Delivery" and the event mapping: each event has one effect, in any order."""

import pytest
from djmoney.money import Money

from payments.models import CheckoutLink, StripeEvent
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _paid(stripe_fake, reference="T-1", **kwargs):
    kwargs.setdefault("amount_total", Money("40.00", "USD"))
    kwargs.setdefault("fee", Money("1.46", "USD"))
    return stripe_fake.paid_checkout(kind="test", reference=reference, **kwargs)


def test_the_same_event_delivered_twice_has_one_effect(client, stripe_fake, test_handler):
    event = make_event("checkout.session.completed", _paid(stripe_fake))

    first = post_webhook(client, event)
    second = post_webhook(client, event)

    assert first.status_code == second.status_code == 200
    assert second.json()["outcome"] == "duplicate"
    assert len(test_handler.effects("payment_settled")) == 1
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def test_completed_then_async_succeeded_for_the_same_session_settles_once(client, stripe_fake, test_handler):
    session = _paid(stripe_fake)
    post_webhook(client, make_event("checkout.session.completed", session))
    post_webhook(client, make_event("checkout.session.async_payment_succeeded", session))

    assert len(test_handler.effects("payment_settled")) == 1


def test_a_failing_handler_answers_500_is_not_marked_processed_and_the_retry_applies_once(
    client, stripe_fake, test_handler
):
    event = make_event("checkout.session.completed", _paid(stripe_fake))
    test_handler.fail_next("payment_settled")

    failed = post_webhook(client, event)

    assert failed.status_code == 500
    row = StripeEvent.objects.get(event_id=event["id"])
    assert row.status == StripeEvent.Status.FAILED
    assert "told to fail" in row.last_error
    assert test_handler.effects() == []
    assert not CheckoutLink.objects.filter(settled_at__isnull=False).exists()

    retried = post_webhook(client, event)

    assert retried.status_code == 200
    row.refresh_from_db()
    assert row.status == StripeEvent.Status.PROCESSED
    assert row.attempts == 2
    assert row.last_error == ""
    assert len(test_handler.effects("payment_settled")) == 1


def test_an_event_type_nobody_handles_gets_200_and_is_ignored(client, stripe_keys, test_handler):
    event = make_event("plan.created", {"id": "plan_1", "object": "plan", "metadata": {}})

    response = post_webhook(client, event)

    assert response.status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.IGNORED
    assert test_handler.effects() == []


def test_a_session_that_is_not_ours_is_ignored(client, stripe_fake, test_handler):
    session = stripe_fake.obj("checkout.session", metadata={}, payment_status="paid", status="complete")

    response = post_webhook(client, make_event("checkout.session.completed", session))

    assert response.status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED
    assert test_handler.effects() == []


def test_a_session_for_a_kind_without_a_handler_is_ignored_with_a_warning(
    client, stripe_fake, test_handler, caplog
):
    session = stripe_fake.paid_checkout(kind="mystery", reference="X-1", amount_total=Money("5.00", "USD"))

    response = post_webhook(client, make_event("checkout.session.completed", session))

    assert response.status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED
    assert "mystery" in caplog.text


def test_paid_session_hands_amounts_fee_email_and_shipping_to_the_domain(client, stripe_fake, test_handler):
    rate = stripe_fake.put(stripe_fake.obj("shipping_rate", display_name="Ground (3-5 days)"))
    session = _paid(
        stripe_fake,
        session_overrides={
            "amount_subtotal": 3500,
            "shipping_cost": {"amount_total": 500, "shipping_rate": rate["id"]},
            "collected_information": {
                "shipping_details": {
                    "name": "Sam Buyer",
                    "address": {
                        "line1": "5 Elm St",
                        "line2": None,
                        "city": "Austin",
                        "state": "TX",
                        "postal_code": "78701",
                        "country": "US",
                    },
                }
            },
        },
    )

    post_webhook(client, make_event("checkout.session.completed", session))

    [settled] = test_handler.effects("payment_settled")
    assert settled["amount_total"] == "40.00"
    assert settled["fee"] == "1.46"
    assert settled["customer_email"] == "donor@example.org"
    assert settled["shipping_option_label"] == "Ground (3-5 days)"
    assert settled["shipping_address"]["city"] == "Austin"
    assert settled["payment_intent_id"] == session["payment_intent"]
    link = CheckoutLink.objects.get(session_id=session["id"])
    assert link.payment_intent_id == session["payment_intent"]
    fee_request = stripe_fake.calls("GET", r"/v1/payment_intents/.*")[0]
    assert fee_request.params["expand"] == ["latest_charge.balance_transaction"]


def test_when_stripe_cannot_report_the_fee_the_event_fails_and_nothing_is_handed_over(
    client, stripe_fake, test_handler
):
    session = _paid(stripe_fake)
    event = make_event("checkout.session.completed", session)
    stripe_fake.fail("GET", r"/v1/payment_intents/.*", "server_error", times=2)

    response = post_webhook(client, event)

    assert response.status_code == 500  # Stripe retries; a payment is never booked without its fee
    assert test_handler.effects("payment_settled") == []
    assert post_webhook(client, event).status_code == 200
    [settled] = test_handler.effects("payment_settled")
    assert "1.46" in str(settled["fee"])


# --- delayed payment methods -------------------------------------------------------------------


def test_completed_with_payment_status_unpaid_fulfils_nothing(client, stripe_fake, test_handler):
    session = _paid(stripe_fake, session_overrides={"payment_status": "unpaid"})

    response = post_webhook(client, make_event("checkout.session.completed", session))

    assert response.status_code == 200
    assert test_handler.effects() == []


def test_async_payment_succeeded_fulfils(client, stripe_fake, test_handler):
    session = _paid(stripe_fake, session_overrides={"payment_status": "unpaid"})
    post_webhook(client, make_event("checkout.session.completed", session))

    session["payment_status"] = "paid"
    post_webhook(client, make_event("checkout.session.async_payment_succeeded", session))

    assert len(test_handler.effects("payment_settled")) == 1


def test_async_payment_failed_tells_the_domain(client, stripe_fake, test_handler):
    session = _paid(stripe_fake, session_overrides={"payment_status": "unpaid"})

    post_webhook(client, make_event("checkout.session.async_payment_failed", session))

    [failed] = test_handler.effects("payment_failed")
    assert failed["reason"] == "async_payment_failed"
    assert test_handler.effects("payment_settled") == []


def test_an_expired_session_tells_the_domain(client, stripe_fake, test_handler):
    session = _paid(stripe_fake, session_overrides={"status": "expired", "payment_status": "unpaid"})

    post_webhook(client, make_event("checkout.session.expired", session))

    assert len(test_handler.effects("checkout_expired")) == 1


@pytest.mark.django_db(transaction=True)
def test_stripe_is_read_before_the_database_transaction_opens(client, stripe_fake, test_handler, monkeypatch):
    from django.db import connection

    session = _paid(stripe_fake)
    in_transaction = []
    original = stripe_fake._respond

    def spy(request):
        in_transaction.append(connection.in_atomic_block)
        return original(request)

    monkeypatch.setattr(stripe_fake, "_respond", spy)

    post_webhook(client, make_event("checkout.session.completed", session))

    assert in_transaction  # the fee was read
    assert not any(in_transaction)
    assert test_handler.effects("payment_settled")[0]["fee"] == "1.46"


def test_a_settled_delivery_stays_within_its_query_budget(
    client, stripe_fake, test_handler, django_assert_max_num_queries
):
    event = make_event("checkout.session.completed", _paid(stripe_fake))

    with django_assert_max_num_queries(20):
        post_webhook(client, event)
    with django_assert_max_num_queries(3):
        post_webhook(client, event)  # a redelivery is answered from one lookup
