"""A customer buys two products through the demo gateway and sees the impact; staff ship and refund a line."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from shop.models import Order
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_buys_two_products_and_staff_ship_and_refund_a_line(
    page, live_server, settings, shop_index, shop_rules
):
    settings.SHOP_CHECKOUT_MIN_SECONDS = 0
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    product_create(title="Market tote", price="40.00", stock=5)
    product_create(title="Soy candle", price="22.00", stock=5)

    page.goto(shop_index.url)
    for title in ("Market tote", "Soy candle"):
        page.get_by_role("link", name=title).click()
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_url("**/shop/cart/")
        page.goto(shop_index.url)

    page.goto("/shop/cart/")
    expect(page.get_by_text("about 1 hour of survivor wages").first).to_be_visible()
    page.get_by_label("Email for your receipt").fill("casey@example.org")
    page.get_by_role("button", name="Check out").click()
    page.get_by_role("button", name="Pay (demo)").click()

    page.wait_for_url(re.compile(r".*/shop/orders/.+/"))
    expect(page.get_by_test_id("order-status")).to_contain_text("Paid")
    expect(page.get_by_test_id("order-impact")).to_contain_text("survivor wages")
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID

    manager = get_user_model().objects.create_user("manager", "m@example.org", "pw-123456-xyz")
    group, _ = Group.objects.get_or_create(name="Shop managers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    manager.groups.add(group)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("pw-123456-xyz")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(f"/admin/shop_order/inspect/{order.pk}/")
    ship = page.get_by_test_id("ship-form")
    ship.get_by_label("Carrier").fill("USPS")
    ship.get_by_label("Tracking number").fill("9400111")
    ship.get_by_role("button", name=re.compile("Mark shipped")).click()
    expect(page.get_by_test_id("admin-order-status")).to_contain_text("Shipped")

    refund = page.get_by_test_id("refund-form")
    refund.get_by_label("Soy candle").fill("1")
    refund.get_by_label("Reason").fill("Cracked jar")
    refund.get_by_role("button", name="Refund").click()
    expect(page.get_by_text("Refund of $22.00").first).to_be_visible()

    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert str(order.refunded_total.amount) == "22.00"
