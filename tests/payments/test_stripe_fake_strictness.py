"""The Stripe fake refuses what Stripe refuses (a reused idempotency key with other parameters, an
unknown parameter name), so tests can fail; and checkout's IdempotencyError branch does what it says."""

import datetime as dt

import pytest
import stripe
from django.utils import timezone

from payments import client as stripe_access
from payments.exceptions import PaymentsError
from payments.models import CheckoutLink
from payments.services import checkout_session_create
from tests.payments.test_checkout import order_request

pytestmark = pytest.mark.django_db


def test_a_reused_idempotency_key_with_other_parameters_is_refused(stripe_fake):
    client = stripe_access.stripe_client()
    params = {"mode": "payment", "success_url": "https://x.example/s", "line_items": []}
    first = client.v1.checkout.sessions.create(params=params, options={"idempotency_key": "k-1"})
    again = client.v1.checkout.sessions.create(params=params, options={"idempotency_key": "k-1"})

    with pytest.raises(stripe.IdempotencyError):
        client.v1.checkout.sessions.create(
            params={**params, "success_url": "https://x.example/other"}, options={"idempotency_key": "k-1"}
        )

    assert again.id == first.id
    assert len(stripe_fake.calls("POST", "/v1/checkout/sessions")) == 3


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("POST", lambda c: c.v1.checkout.sessions.create(params={"mode": "payment", "success_ulr": "x"})),
        ("POST", lambda c: c.v1.refunds.create(params={"payment_intent": "pi_1", "amount_cents": 100})),
        ("GET", lambda c: c.v1.payment_intents.retrieve("pi_1", params={"expnad": ["latest_charge"]})),
    ],
)
def test_an_unknown_parameter_name_is_refused(stripe_fake, method, call):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        call(stripe_access.stripe_client())

    assert raised.value.code == "parameter_unknown"


def _race_with(stripe_fake, winner: CheckoutLink):
    """The other submit commits its CheckoutLink while this one's request is on its way to Stripe."""
    transport = stripe_fake.request

    def request(method, url, headers, post_data=None, **kwargs):
        committed = CheckoutLink.objects.filter(session_id=winner.session_id).exists()
        if method.lower() == "post" and url.endswith("/v1/checkout/sessions") and not committed:
            winner.save(force_insert=True)
        return transport(method, url, headers, post_data, **kwargs)

    stripe_fake.request = request


def test_two_submits_racing_with_different_expiries_both_get_the_first_session(stripe_fake, test_handler):
    now = timezone.now()
    first = checkout_session_create(request=order_request(expires_at=now + dt.timedelta(minutes=40)))
    winner = CheckoutLink.objects.get(session_id=first.session_id)
    winner.delete()  # not committed yet when the second submit looks for it
    _race_with(stripe_fake, winner)

    second = checkout_session_create(request=order_request(expires_at=now + dt.timedelta(minutes=41)))

    assert second.session_id == first.session_id
    assert second.url == first.url
    creates = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert len(creates) == 2
    assert creates[0].idempotency_key == creates[1].idempotency_key
    assert creates[0].flat["expires_at"] != creates[1].flat["expires_at"]
    assert CheckoutLink.objects.filter(reference="T-100").count() == 1


def test_an_idempotency_conflict_without_a_winner_is_a_clear_error_and_records_nothing(
    stripe_fake, test_handler
):
    now = timezone.now()
    first = checkout_session_create(request=order_request(expires_at=now + dt.timedelta(minutes=40)))
    CheckoutLink.objects.filter(session_id=first.session_id).delete()  # the other submit rolled back

    with pytest.raises(PaymentsError) as raised:
        checkout_session_create(request=order_request(expires_at=now + dt.timedelta(minutes=41)))

    assert isinstance(raised.value.__cause__, stripe.IdempotencyError)
    assert "try again" in raised.value.user_message
    assert not CheckoutLink.objects.filter(reference="T-100").exists()
