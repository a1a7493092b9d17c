"""Stripe briefly unreachable while a payment's fee is read: nothing is booked without the fee; the event
fails (500), Stripe retries it, and the retry books the payment with its fee."""

import pytest
from django.db.models import Sum

from ledger.models import Entry, Posting
from payments.models import StripeEvent
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db

PAYMENT_INTENT = r"/v1/payment_intents/pi_\w+"


@pytest.fixture
def order(client, stripe_fake, fast_checkout, shop_rules, shop_index):
    add_to_cart(client, variant_of(product_create(title="Tote", price="40.00", stock=5)), 2)
    checkout(client)
    return latest_order()


def _fees(order):
    return Entry.objects.filter(
        posting__source=order.ledger_source, account__slug="processing-fees"
    ).aggregate(total=Sum("amount"))["total"]


@pytest.mark.parametrize("failure", ["server_error", "network", "rate_limit"])
def test_webhook_fails_while_the_fee_cannot_be_read_and_the_retry_books_it(
    client, stripe_fake, order, failure
):
    event = make_event("checkout.session.completed", paid_session(stripe_fake, order, fee="2.62"))
    stripe_fake.fail("GET", PAYMENT_INTENT, failure, times=2)  # the prefetch and the read inside

    first = post_webhook(client, event)

    assert first.status_code == 500
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert not Posting.objects.filter(source=order.ledger_source).exists()
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.status == StripeEvent.Status.FAILED

    retried = post_webhook(client, event)  # Stripe redelivers; Stripe answers again

    assert retried.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.fee == usd("2.62")
    assert _fees(order) == usd("2.62").amount


def test_success_page_while_the_fee_cannot_be_read_books_nothing_and_the_webhook_books_it_whole(
    client, stripe_fake, order
):
    session = paid_session(stripe_fake, order, fee="2.62")
    stripe_fake.fail("GET", PAYMENT_INTENT, "server_error", times=2)

    page = client.get(f"/shop/checkout/success/?order={order.token}&session_id={session['id']}")

    assert page.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert not Posting.objects.filter(source=order.ledger_source).exists()
    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200
    order.refresh_from_db()
    assert order.fee == usd("2.62")
    assert _fees(order) == usd("2.62").amount
