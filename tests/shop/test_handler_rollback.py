"""A handler that writes and then fails leaves nothing behind: the order's payment is saved and its
posting booked, then handing the gift line to donations fails; the webhook answers 500 and every write
of that attempt is rolled back, and Stripe's retry then books the payment exactly once."""

import pytest
from django.core import mail

from ledger.models import Entry, Posting
from payments.models import StripeEvent
from shop import services
from shop.models import Cart, CartLine, ProductVariant
from shop.models.orders import OrderStatus, StockState
from tests.fixtures.shop import gift_lines_route
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import paid_session
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


class GiftHandlerThatFails:
    def gift_line_paid(self, value):
        raise RuntimeError("donations is not reachable (test)")


gift_handler_that_fails = GiftHandlerThatFails()


def test_a_failure_after_the_posting_rolls_back_every_write_and_the_retry_books_once(
    client, stripe_fake, fast_checkout, shop_rules, shop_index, settings, gift_calls
):
    variant = variant_of(product_create(title="Tote", price="40.00", stock=5))
    cart = Cart.objects.create()
    CartLine.objects.create(cart=cart, variant=variant, quantity=2)
    services.cart_set_gift(cart=cart, amount=usd("10.00"))
    order = services.order_create_from_cart(cart=cart, email="buyer@example.org")
    services.order_checkout_start(
        order=order, success_url="http://testserver/s?{CHECKOUT_SESSION_ID}", cancel_url="http://testserver/c"
    )
    order.refresh_from_db()
    event = make_event("checkout.session.completed", paid_session(stripe_fake, order, fee="2.75"))
    gift_lines_route(settings, "tests.shop.test_handler_rollback.gift_handler_that_fails")
    mail.outbox.clear()

    failed = post_webhook(client, event)

    assert failed.status_code == 500
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.stock_state == StockState.RESERVED
    assert order.paid_at is None
    assert not Posting.objects.filter(source=order.ledger_source).exists()
    assert not Entry.objects.filter(posting__source=order.ledger_source).exists()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3  # still reserved, not sold twice
    assert mail.outbox == []
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.FAILED

    gift_lines_route(settings, "tests.fixtures.shop.gift_line_recorder")
    retried = post_webhook(client, event)

    assert retried.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Posting.objects.filter(source=order.ledger_source, kind="payment").count() == 1
    assert len(gift_calls) == 1
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.PROCESSED
