"""A card declined inside Stripe Checkout (payment_intent.payment_failed) is not the end of the order:
the customer may retry on the same Checkout page, so the order and its reserved stock stay as they are."""

import pytest

from ledger.models import Posting
from shop.models import ProductVariant
from shop.models.orders import OrderStatus, StockState
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def tote(shop_index):
    return product_create(title="Market tote", price="40.00", stock=5, labour_minutes=120)


def _declined_intent(stripe_fake, order):
    return stripe_fake.obj(
        "payment_intent",
        status="requires_payment_method",
        amount=4000,
        currency="usd",
        metadata={"kind": "order", "reference": order.number},
        last_payment_error={"type": "card_error", "code": "card_declined", "decline_code": "do_not_honor"},
    )


def test_a_declined_card_in_checkout_leaves_the_order_and_its_stock_untouched(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    checkout(client)
    order = latest_order()
    before = (order.status, order.stock_state)

    response, _ = send_event(client, "payment_intent.payment_failed", _declined_intent(stripe_fake, order))

    order.refresh_from_db()
    assert response.status_code == 200
    assert (order.status, order.stock_state) == before
    assert order.status == OrderStatus.PENDING
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3
    assert not Posting.objects.filter(source=order.ledger_source).exists()


def test_the_customer_can_pay_after_a_declined_attempt(client, stripe_fake, fast_checkout, tote):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()
    send_event(client, "payment_intent.payment_failed", _declined_intent(stripe_fake, order))

    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.stock_state == StockState.COMMITTED
