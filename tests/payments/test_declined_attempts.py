"""`payment_intent.payment_failed`: one card attempt declined inside Checkout, told to the domain as
`PaymentFailed(attempt_declined=True)` so it can count declines without ending the order or gift."""

import pytest

from payments.models import StripeEvent
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _declined_intent(stripe_fake, *, metadata, error):
    return stripe_fake.obj(
        "payment_intent",
        status="requires_payment_method",
        amount=2500,
        currency="usd",
        metadata=metadata,
        last_payment_error=error,
    )


def test_a_declined_attempt_reaches_the_domain_with_the_decline_code_and_no_card_data(
    client, stripe_fake, test_handler
):
    intent = _declined_intent(
        stripe_fake,
        metadata={"kind": "test", "reference": "T-1"},
        error={
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "message": "Your card has insufficient funds.",
            "payment_method": {"id": "pm_x", "card": {"last4": "0002", "brand": "visa"}},
        },
    )

    response = post_webhook(client, make_event("payment_intent.payment_failed", intent))

    assert response.status_code == 200
    [failed] = test_handler.effects("payment_failed", "T-1")
    assert failed["attempt_declined"] is True
    assert failed["reason"] == "insufficient_funds"
    assert failed["payment_intent_id"] == intent["id"]
    assert "0002" not in str(failed)
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED


def test_a_declined_attempt_without_a_decline_code_reports_the_error_code(client, stripe_fake, test_handler):
    intent = _declined_intent(
        stripe_fake,
        metadata={"kind": "test", "reference": "T-2"},
        error={"type": "card_error", "code": "expired_card"},
    )

    post_webhook(client, make_event("payment_intent.payment_failed", intent))

    [failed] = test_handler.effects("payment_failed", "T-2")
    assert failed["reason"] == "expired_card"


def test_a_declined_attempt_without_our_metadata_is_ignored_with_200(client, stripe_fake, test_handler):
    intent = _declined_intent(stripe_fake, metadata={}, error={"code": "card_declined"})

    response = post_webhook(client, make_event("payment_intent.payment_failed", intent))

    assert response.status_code == 200
    assert test_handler.effects() == []
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED


def test_the_same_declined_attempt_delivered_twice_reaches_the_domain_once(client, stripe_fake, test_handler):
    intent = _declined_intent(
        stripe_fake, metadata={"kind": "test", "reference": "T-3"}, error={"code": "card_declined"}
    )
    event = make_event("payment_intent.payment_failed", intent)

    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, event).status_code == 200

    assert len(test_handler.effects("payment_failed", "T-3")) == 1
