"""A refund is sent to Stripe once: a double click, a second tab or a parallel request never pays twice."""

import re
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.urls import reverse

from shop import services
from shop.errors import OrderActionError
from shop.models import OrderRefund
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event
from tests.fixtures.threads import run_in_threads


def _paid_order(stripe_fake):
    """One $26.00 scarf (quantity 1) and two $15.00 candles: $56.00 paid, so Stripe alone would accept
    two refunds of the scarf."""
    client = Client()
    add_to_cart(client, variant_of(product_create(title="Scarf", price="26.00", stock=5)), 1)
    add_to_cart(client, variant_of(product_create(title="Candle", price="15.00", stock=5)), 2)
    checkout(client, email="buyer@example.org")
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def _scarf(order):
    return order.lines.get(title="Scarf")


def _manager():
    user = get_user_model().objects.create_user("manager", "manager@example.org", "pw-123456-xyz")
    group, _ = Group.objects.get_or_create(name="Shop managers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def _pending_refunds(stripe_fake):
    """Stripe answers "pending" (a bank refund takes days): the outcome arrives later by webhook."""

    def pending(request):
        refund = stripe_fake.obj(
            "refund",
            amount=int(request.params["amount"]),
            payment_intent=request.params["payment_intent"],
            status="pending",
            currency="usd",
        )
        stripe_fake.put(refund)
        return 200, refund

    stripe_fake.on("POST", "/v1/refunds", handler=pending)


@pytest.mark.django_db
def test_the_admin_form_sent_twice_refunds_once_and_says_so(
    stripe_fake, fast_checkout, shop_rules, shop_index
):
    order = _paid_order(stripe_fake)
    client = Client()
    client.force_login(_manager())
    page = client.get(reverse("shop_order:inspect", args=[order.pk])).content.decode()
    [request_id] = re.findall(r'name="request_id" value="([0-9a-f]{32})"', page)
    data = {f"qty_{_scarf(order).pk}": "1", "amount": "", "reason": "Damaged", "request_id": request_id}
    url = reverse("shop_order:refund", args=[order.pk])

    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)

    assert len(stripe_fake.calls("POST", "/v1/refunds")) == 1
    order.refresh_from_db()
    assert order.refunded_total == usd("26.00")
    assert OrderRefund.objects.filter(order=order).count() == 1
    assert "Refund of $26.00 is succeeded" in first.content.decode()
    assert "This refund was already sent: the refund of $26.00 is succeeded" in second.content.decode()
    # A freshly rendered form is a new request.
    again = client.get(reverse("shop_order:inspect", args=[order.pk])).content.decode()
    assert request_id not in again


@pytest.mark.django_db
@pytest.mark.parametrize("request_id", ["", "not-hex", "A" * 32, "0" * 31, "0" * 32 + "\x00"])
def test_a_refund_post_without_a_valid_request_id_is_refused(
    stripe_fake, fast_checkout, shop_rules, shop_index, request_id
):
    order = _paid_order(stripe_fake)
    client = Client()
    client.force_login(_manager())
    data = {f"qty_{_scarf(order).pk}": "1", "reason": "Damaged", "request_id": request_id}

    response = client.post(reverse("shop_order:refund", args=[order.pk]), data, follow=True)

    assert response.status_code in (200, 400)
    assert not stripe_fake.calls("POST", "/v1/refunds")
    order.refresh_from_db()
    assert order.refunded_total == usd("0.00")


@pytest.mark.django_db
def test_a_refund_still_pending_at_stripe_counts_against_the_line(
    stripe_fake, fast_checkout, shop_rules, shop_index
):
    order = _paid_order(stripe_fake)
    _pending_refunds(stripe_fake)
    first = services.order_refund(
        order=order, quantities={_scarf(order).pk: 1}, reason="Damaged", request_id=uuid.uuid4().hex
    )
    assert first.status == OrderRefund.Status.PENDING

    with pytest.raises(OrderActionError, match="Scarf: only 0 left to refund"):
        services.order_refund(
            order=order, quantities={_scarf(order).pk: 1}, reason="Damaged", request_id=uuid.uuid4().hex
        )

    assert len(stripe_fake.calls("POST", "/v1/refunds")) == 1
    # The candles are still refundable.
    services.order_refund(
        order=order,
        quantities={order.lines.get(title="Candle").pk: 2},
        reason="x",
        request_id=uuid.uuid4().hex,
    )
    assert [c.flat["amount"] for c in stripe_fake.calls("POST", "/v1/refunds")] == ["2600", "3000"]


def _slow_stripe(stripe_fake):
    """Stripe takes a moment to answer, so parallel requests overlap while it does."""
    create = stripe_fake._create_refund

    def slow(request):
        time.sleep(0.3)
        return create(request.params)

    stripe_fake.on("POST", "/v1/refunds", handler=slow)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_refunding_the_same_last_unit_pay_once(stripe_fake, fast_checkout, shop_rules, shop_index):
    assert connection.vendor == "postgresql"
    order = _paid_order(stripe_fake)
    _slow_stripe(stripe_fake)
    scarf = _scarf(order)

    def refund():
        return services.order_refund(
            order=order, quantities={scarf.pk: 1}, reason="Damaged", request_id=uuid.uuid4().hex
        )

    results = run_in_threads([refund, refund], what="a refund")

    outcomes = sorted(status for status, _ in results)
    assert outcomes == ["error", "ok"], results
    [refused] = [value for status, value in results if status == "error"]
    assert isinstance(refused, OrderActionError)
    assert "only 0 left to refund" in str(refused)
    [made] = [value for status, value in results if status == "ok"]
    assert made.status == OrderRefund.Status.SUCCEEDED
    assert [c.flat["amount"] for c in stripe_fake.calls("POST", "/v1/refunds")] == ["2600"]
    order.refresh_from_db()
    assert order.refunded_total == usd("26.00")
    assert _scarf(order).refunded_quantity == 1
    assert not OrderRefund.objects.filter(order=order, status=OrderRefund.Status.PENDING).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_in_parallel_refunds_once_and_both_see_the_same_refund(
    stripe_fake, fast_checkout, shop_rules, shop_index
):
    assert connection.vendor == "postgresql"
    order = _paid_order(stripe_fake)
    _slow_stripe(stripe_fake)
    scarf = _scarf(order)
    request_id = uuid.uuid4().hex

    def refund():
        return services.order_refund(order=order, quantities={scarf.pk: 1}, reason="x", request_id=request_id)

    results = run_in_threads([refund, refund], what="a refund")

    assert [status for status, _ in results] == ["ok", "ok"], results
    assert results[0][1].pk == results[1][1].pk
    assert len(stripe_fake.calls("POST", "/v1/refunds")) == 1
    order.refresh_from_db()
    assert order.refunded_total == usd("26.00")
    assert OrderRefund.objects.filter(order=order).count() == 1
