"""Orders in the Wagtail admin: list, filters, search, CSV, detail, ship, cancel, refund, and who may see them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from shop.models import Order, ProductVariant
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event

pytestmark = pytest.mark.django_db


def _staff(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-123456-xyz")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def manager_client(client):
    client.force_login(_staff("manager", "Shop managers"))
    return client


@pytest.fixture
def paid_order(stripe_fake, fast_checkout, shop_rules, shop_index):
    client = Client()
    add_to_cart(
        client,
        variant_of(
            product_create(
                title="Tote",
                price="40.00",
                stock=5,
                variants=[{"sku": "TOTE-BLU", "price": "40.00", "stock": 5}],
            )
        ),
        2,
    )
    checkout(client, email="buyer@example.org")
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))
    order.refresh_from_db()
    mail.outbox.clear()
    return order


def test_manager_lists_orders_with_status_total_and_email(manager_client, paid_order):
    response = manager_client.get(reverse("shop_order:index"))

    body = response.content.decode()
    assert response.status_code == 200
    assert paid_order.number in body
    assert "buyer@example.org" in body
    assert "Paid" in body


def test_manager_filters_and_searches_by_number_email_and_sku(manager_client, paid_order):
    index = reverse("shop_order:index")
    assert paid_order.number in manager_client.get(index, {"q": "TOTE-BLU"}).content.decode()
    assert paid_order.number in manager_client.get(index, {"q": "buyer@"}).content.decode()
    assert paid_order.number in manager_client.get(index, {"q": paid_order.number}).content.decode()
    assert paid_order.number not in manager_client.get(index, {"q": "nobody-else"}).content.decode()
    assert paid_order.number in manager_client.get(index, {"status": "paid"}).content.decode()
    assert paid_order.number not in manager_client.get(index, {"status": "shipped"}).content.decode()


def test_manager_exports_orders_as_csv(manager_client, paid_order):
    response = manager_client.get(reverse("shop_order:index"), {"export": "csv"})

    content = (
        b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    )
    assert response.status_code == 200
    assert paid_order.number in content
    assert "buyer@example.org" in content
    assert "80.00" in content


def test_order_detail_shows_lines_and_ledger_postings(manager_client, paid_order):
    body = manager_client.get(reverse("shop_order:inspect", args=[paid_order.pk])).content.decode()

    assert "TOTE-BLU" in body
    assert "Ledger postings" in body
    assert "payment" in body
    assert "Survivor wages" in body


def test_manager_marks_order_shipped_and_customer_is_emailed(
    manager_client, paid_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("shop_order:ship", args=[paid_order.pk]),
            {"carrier": "USPS", "tracking_number": "9400 1000 0000 0000 0000 00", "tracking_url": ""},
        )

    paid_order.refresh_from_db()
    assert response.status_code == 302
    assert paid_order.status == OrderStatus.SHIPPED
    assert paid_order.shipments.get().carrier == "USPS"
    [email] = mail.outbox
    assert email.to == ["buyer@example.org"]
    assert "9400 1000" in email.body


def test_shipping_without_carrier_is_refused(manager_client, paid_order):
    manager_client.post(reverse("shop_order:ship", args=[paid_order.pk]), {"carrier": ""})
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.PAID


def test_manager_refunds_one_unit_with_restock_from_the_admin(manager_client, paid_order, stripe_fake):
    line = paid_order.lines.get()
    stock_before = ProductVariant.objects.get(pk=line.variant_id).stock

    manager_client.post(
        reverse("shop_order:refund", args=[paid_order.pk]),
        {
            f"qty_{line.pk}": "1",
            "amount": "",
            "reason": "Damaged in transit",
            "restock": "on",
            "request_id": "a" * 32,
        },
    )

    paid_order.refresh_from_db()
    assert paid_order.refunded_total == usd("40.00")
    assert ProductVariant.objects.get(pk=line.variant_id).stock == stock_before + 1
    [request] = stripe_fake.calls("POST", "/v1/refunds")
    assert request.flat["amount"] == "4000"


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "-5", "reason": "x"},
        {"amount": "abc", "reason": "x"},
        {"amount": "10.001", "reason": "x"},
        {"amount": "", "reason": "x"},
        {"amount": "10", "reason": ""},
        {"amount": "999999", "reason": "x"},
    ],
)
def test_hostile_refund_input_is_refused_and_nothing_refunded(manager_client, paid_order, stripe_fake, data):
    response = manager_client.post(reverse("shop_order:refund", args=[paid_order.pk]), data, follow=True)

    paid_order.refresh_from_db()
    assert response.status_code == 200
    assert paid_order.refunded_total == usd("0.00")
    assert not stripe_fake.calls("POST", "/v1/refunds")


def test_manager_cancels_unpaid_order_and_stock_returns(
    manager_client, stripe_fake, fast_checkout, shop_index
):
    shopper = manager_client.__class__()
    product = product_create(stock=3)
    add_to_cart(shopper, variant_of(product), 2)
    checkout(shopper)
    order = latest_order()

    manager_client.post(reverse("shop_order:cancel", args=[order.pk]), {"reason": "Customer called"})

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert variant_of(product).stock == 3


def test_paid_order_cannot_be_cancelled(manager_client, paid_order):
    manager_client.post(reverse("shop_order:cancel", args=[paid_order.pk]), {})
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.PAID


def test_manager_adds_a_note(manager_client, paid_order):
    manager_client.post(reverse("shop_order:note", args=[paid_order.pk]), {"body": "Gift wrap please"})
    assert paid_order.notes.get().body == "Gift wrap please"


@pytest.mark.parametrize("group_name", ["Editors", "Development", "Finance"])
def test_other_staff_groups_cannot_see_customer_orders(client, paid_order, group_name):
    client.force_login(_staff(f"user-{group_name.lower()}", group_name))

    for url in (
        reverse("shop_order:index"),
        reverse("shop_order:inspect", args=[paid_order.pk]),
        reverse("shop_order:index") + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "buyer@example.org" not in response.content.decode()
    refused = client.post(reverse("shop_order:refund", args=[paid_order.pk]), {"amount": "1", "reason": "x"})
    assert refused.status_code in (302, 403)
    paid_order.refresh_from_db()
    assert paid_order.refunded_total == usd("0.00")


def test_only_shop_managers_hold_order_permissions(db):
    holders = set(
        Group.objects.filter(
            permissions__content_type__app_label="shop", permissions__codename="view_order"
        ).values_list("name", flat=True)
    )
    assert holders == {"Shop managers"}


def test_orders_cannot_be_added_or_deleted_in_the_admin(manager_client, paid_order):
    assert manager_client.get(reverse("shop_order:add")).status_code in (302, 403)
    assert manager_client.post(reverse("shop_order:delete", args=[paid_order.pk])).status_code in (302, 403)
    assert Order.objects.filter(pk=paid_order.pk).exists()


def test_maker_snippet_admin_lists_makers(manager_client, shop_index):
    from tests.fixtures.shop_factories import MakerFactory

    MakerFactory(display_name="Asha")
    response = manager_client.get(reverse("wagtailsnippets_shop_maker:list"))
    assert response.status_code == 200
    assert "Asha" in response.content.decode()
