"""Cart to paid order: server pricing, stock reservation, Stripe Checkout, webhook and success page."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ledger.models import Posting
from shop.models import Cart, Order, ProductVariant
from shop.models.orders import OrderStatus, StockState
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event
from tests.fixtures.stripe import post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def tote(shop_index):
    return product_create(title="Market tote", price="40.00", stock=5, labour_minutes=120)


@pytest.fixture
def bracelet(shop_index):
    return product_create(title="Bracelet", price="15.00", stock=2)


def test_checkout_reserves_stock_and_starts_a_stripe_session_priced_by_the_server(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2, price="0.01")  # a tampered price field is ignored

    response = checkout(client)

    order = latest_order()
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    assert order.status == OrderStatus.PENDING
    assert order.goods_total == usd("80.00")
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3
    [request] = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert request.flat["line_items[0][price_data][unit_amount]"] == "4000"
    assert request.flat["line_items[0][quantity]"] == "2"
    assert request.flat["metadata[reference]"] == order.number
    assert request.flat["metadata[kind]"] == "order"
    assert order.number in request.idempotency_key
    assert order.checkout_session_id


def test_checkout_offers_flat_rate_then_free_shipping_over_threshold_and_local_pickup(
    client, stripe_fake, fast_checkout, tote, bracelet
):
    add_to_cart(client, variant_of(bracelet), 1)
    checkout(client)
    add_to_cart(client, variant_of(tote), 2)
    checkout(client)

    small, big = stripe_fake.calls("POST", "/v1/checkout/sessions")
    small_labels = [v for k, v in small.flat.items() if k.endswith("[display_name]")]
    big_labels = [v for k, v in big.flat.items() if k.endswith("[display_name]")]
    assert "Standard shipping" in small_labels
    assert "Local pickup at the warehouse" in small_labels
    assert "Free shipping" in big_labels
    assert "Standard shipping" not in big_labels


def test_webhook_marks_order_paid_posts_ledger_and_emails_confirmation_with_impact(
    client, stripe_fake, fast_checkout, shop_rules, tote, django_capture_on_commit_callbacks
):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order, shipping="8.00", tax="3.20", fee="1.70")

    with django_capture_on_commit_callbacks(execute=True):
        response, _ = send_event(client, "checkout.session.completed", session)

    order.refresh_from_db()
    assert response.status_code == 200
    assert order.status == OrderStatus.PAID
    assert order.stock_state == StockState.COMMITTED
    assert order.total == usd("51.20")
    assert order.shipping_address["city"] == "Des Moines"
    posting = Posting.objects.get(source=order.ledger_source, kind="payment")
    entries = {}
    for e in posting.entries.select_related("account"):  # legs are per source line: sum them per account
        entries[(e.account.slug, e.role)] = entries.get((e.account.slug, e.role), usd(0)) + e.amount
    assert entries[("stripe-balance", "gross")] == usd("51.20")
    assert entries[("survivor-wages", "revenue")] == usd("-18.00")
    assert entries[("materials", "revenue")] == usd("-8.00")
    assert entries[("shipping-income", "shipping")] == usd("-8.00")
    assert entries[("sales-tax-payable", "tax")] == usd("-3.20")
    assert sum((e.amount for e in posting.entries.all()), usd(0)) == usd(0)
    [email] = mail.outbox
    assert email.to == ["casey@example.org"]
    assert order.number in email.subject
    assert "Market tote" in email.body
    assert "about 1 hour of survivor wages" in email.body
    assert "Des Moines" in email.body
    assert "about 1 hour of survivor wages" in email.alternatives[0][0]
    # the cart is emptied once its order is paid
    assert not Cart.objects.get(token=order.cart_token).lines.exists()


def test_same_webhook_twice_fulfils_once(
    client, stripe_fake, fast_checkout, shop_rules, tote, django_capture_on_commit_callbacks
):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order)
    with django_capture_on_commit_callbacks(execute=True):
        response, event = send_event(client, "checkout.session.completed", session)
        again = post_webhook(client, event)

    assert response.status_code == again.status_code == 200
    assert Posting.objects.filter(source=order.ledger_source).count() == 1
    assert len(mail.outbox) == 1


def test_success_page_fulfils_through_the_same_function_and_webhook_after_does_nothing(
    client, stripe_fake, fast_checkout, shop_rules, tote, django_capture_on_commit_callbacks
):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/shop/checkout/success/", {"order": order.token, "session_id": session["id"]})
        send_event(client, "checkout.session.completed", session)

    order.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/shop/orders/{order.token}/"
    assert order.status == OrderStatus.PAID
    assert Posting.objects.filter(source=order.ledger_source).count() == 1
    assert len(mail.outbox) == 1
    status_page = client.get(response["Location"]).content.decode()
    assert "Paid" in status_page
    assert "about 1 hour of survivor wages" in status_page


def test_success_page_with_made_up_or_unpaid_session_fulfils_nothing(
    client, stripe_fake, fast_checkout, tote
):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()

    client.get("/shop/checkout/success/", {"order": order.token, "session_id": "cs_test_madeup123"})
    client.get("/shop/checkout/success/", {"order": order.token, "session_id": order.checkout_session_id})

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert not Posting.objects.filter(source=order.ledger_source).exists()
    assert client.get("/shop/checkout/success/", {"order": "nope"}).status_code == 404


def test_completed_but_unpaid_delayed_payment_fulfils_nothing_then_async_success_fulfils(
    client, stripe_fake, fast_checkout, shop_rules, tote
):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order, payment_status="unpaid")

    send_event(client, "checkout.session.completed", session)
    order.refresh_from_db()
    assert order.status in (OrderStatus.PENDING, OrderStatus.PROCESSING)

    session["payment_status"] = "paid"
    stripe_fake.put(session)
    send_event(client, "checkout.session.async_payment_succeeded", session)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Posting.objects.filter(source=order.ledger_source, kind="payment").count() == 1


def test_async_payment_failed_fails_the_order_and_releases_stock(client, stripe_fake, fast_checkout, tote):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order, payment_status="unpaid")
    send_event(client, "checkout.session.completed", session)

    send_event(client, "checkout.session.async_payment_failed", session)

    order.refresh_from_db()
    assert order.status == OrderStatus.FAILED
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5
    assert not Posting.objects.filter(source=order.ledger_source).exists()


def test_expired_session_releases_reserved_stock_once(client, stripe_fake, fast_checkout, tote):
    variant = variant_of(tote)
    add_to_cart(client, variant, 3)
    checkout(client)
    order = latest_order()
    session = stripe_fake.obj("checkout.session")
    session.update(
        id=order.checkout_session_id,
        status="expired",
        payment_status="unpaid",
        metadata={"kind": "order", "reference": order.number},
    )

    send_event(client, "checkout.session.expired", session)
    send_event(client, "checkout.session.expired", session)

    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert order.stock_state == StockState.RELEASED
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5


def test_reservation_timeout_command_releases_stock_of_lapsed_unpaid_orders(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    checkout(client)
    order = latest_order()
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - dt.timedelta(minutes=1))

    call_command("shop_release_expired_reservations", stdout=io.StringIO())

    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5


def test_payment_after_reservation_lapsed_takes_stock_again(
    client, stripe_fake, fast_checkout, shop_rules, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    checkout(client)
    order = latest_order()
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - dt.timedelta(minutes=1))
    call_command("shop_release_expired_reservations", stdout=io.StringIO())

    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not order.oversold
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3


def test_payment_after_lapse_when_sold_out_flags_order_for_staff(
    client, stripe_fake, fast_checkout, shop_rules, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    checkout(client)
    order = latest_order()
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - dt.timedelta(minutes=1))
    call_command("shop_release_expired_reservations", stdout=io.StringIO())
    ProductVariant.objects.filter(pk=variant.pk).update(stock=1)

    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.oversold
    assert ProductVariant.objects.get(pk=variant.pk).stock == 1
    assert "sold out" in order.notes.get().body


def test_double_submitted_checkout_creates_one_order_and_one_session(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 1)

    first = checkout(client)
    second = checkout(client)

    assert Order.objects.count() == 1
    assert first["Location"] == second["Location"]
    keys = {r.idempotency_key for r in stripe_fake.calls("POST", "/v1/checkout/sessions")}
    assert len(keys) == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 4


def test_checkout_with_item_that_sold_out_meanwhile_is_refused_and_nothing_reserved(
    client, stripe_fake, fast_checkout, tote, bracelet
):
    add_to_cart(client, variant_of(tote), 1)
    add_to_cart(client, variant_of(bracelet), 2)
    ProductVariant.objects.filter(pk=variant_of(bracelet).pk).update(stock=1)

    response = client.post("/shop/checkout/", follow=True, data=_checkout_data())

    assert "Bracelet does not have enough stock left" in response.content.decode()
    assert Order.objects.count() == 0
    assert variant_of(tote).stock == 5
    assert not stripe_fake.calls("POST", "/v1/checkout/sessions")


def test_stripe_failure_when_starting_checkout_returns_stock_and_explains(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 2)
    stripe_fake.fail("POST", "/v1/checkout/sessions", "server_error")

    response = client.post("/shop/checkout/", data=_checkout_data(), follow=True)

    assert "Nothing was charged" in response.content.decode()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 5
    assert latest_order().status == OrderStatus.CANCELLED


def test_order_status_page_needs_the_token(client, stripe_fake, fast_checkout, tote):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()

    assert client.get(f"/shop/orders/{order.token}/").status_code == 200
    assert client.get(f"/shop/orders/{order.number}/").status_code == 404
    assert client.get("/shop/orders/x/").status_code == 404


def test_gift_line_is_handed_to_donations_not_booked_as_shop_revenue(
    client, stripe_fake, fast_checkout, shop_rules, gift_calls, tote
):
    add_to_cart(client, variant_of(tote), 1)
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10.00"})
    checkout(client)
    order = latest_order()
    assert order.total == usd("50.00")
    [session_request] = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert session_request.flat["line_items[1][price_data][unit_amount]"] == "1000"

    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order, fee="1.75"))

    posting = Posting.objects.get(source=order.ledger_source, kind="payment")
    gross = posting.entries.get(account__slug="stripe-balance", role="gross").amount
    assert gross == usd("40.00")
    [call] = gift_calls
    assert call["event"] == "paid"
    assert call["amount"] == usd("10.00")
    assert call["designation"] == "counseling"
    assert call["order_reference"] == order.number
    assert call["donor_email"] == "casey@example.org"


def test_promotion_discount_is_taken_off_goods_revenue(client, stripe_fake, fast_checkout, shop_rules, tote):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    order = latest_order()

    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order, discount="4.00"))

    order.refresh_from_db()
    posting = Posting.objects.get(source=order.ledger_source, kind="payment")
    assert order.discount_total == usd("4.00")
    assert posting.entries.get(account__slug="stripe-balance", role="gross").amount == usd("36.00")
    assert posting.entries.get(account__slug="survivor-wages").amount == usd("-16.20")


def test_low_stock_alert_emails_staff_when_threshold_crossed(
    client, stripe_fake, fast_checkout, settings, shop_index, django_capture_on_commit_callbacks
):
    settings.STAFF_ALERT_EMAILS = ["stock@example.org"]
    product = product_create(title="Mug", variants=[{"price": "12.00", "stock": 5, "low_stock_threshold": 3}])
    add_to_cart(client, variant_of(product), 2)

    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)

    [alert] = [m for m in mail.outbox if m.to == ["stock@example.org"]]
    assert "Mug" in alert.body
    assert "3 left" in alert.body


def _checkout_data():
    from shop.forms import CheckoutForm

    return {"email": "casey@example.org", "website": "", "started": CheckoutForm.human_check_token()}


def test_unpaid_order_costs_nothing_in_the_ledger(client, stripe_fake, fast_checkout, tote):
    add_to_cart(client, variant_of(tote), 1)
    checkout(client)
    assert Posting.objects.count() == 0
    assert Decimal(latest_order().total.amount) == Decimal("40.00")


def test_checking_out_a_changed_cart_again_supersedes_the_earlier_unpaid_order(
    client, stripe_fake, fast_checkout, tote
):
    variant = variant_of(tote)
    add_to_cart(client, variant, 1)
    checkout(client)
    first = latest_order()
    add_to_cart(client, variant, 1)

    checkout(client)

    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED
    assert latest_order().lines.get().quantity == 2
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3


def test_gift_line_is_sent_to_stripe_tax_as_nontaxable(client, stripe_fake, fast_checkout, tote):
    from shop.models import ShopSettings

    shop_settings = ShopSettings.load()
    shop_settings.automatic_tax = True
    shop_settings.save()
    add_to_cart(client, variant_of(tote), 1)
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10"})

    checkout(client)

    [request] = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert request.flat["automatic_tax[enabled]"] == "true"
    tax_codes = {k: v for k, v in request.flat.items() if k.endswith("[tax_code]")}
    assert list(tax_codes.values()) == ["txcd_00000000"]
