"""Stock stays live: publishing a product never overwrites it; staff adjust it in the Stock screen."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from shop.models import ProductPage, ProductVariant
from tests.fixtures.shop_factories import product_create, variant_of

pytestmark = pytest.mark.django_db


def _staff(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-123456-xyz")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def test_publishing_a_revision_made_before_sales_keeps_the_live_stock(shop_index):
    product = product_create(title="Scarf", stock=5)
    draft = ProductPage.objects.get(pk=product.pk)
    draft.summary = "Now in two colours."
    revision = draft.save_revision()
    ProductVariant.objects.filter(product=product).update(stock=2)  # three sold meanwhile

    revision.publish()

    assert variant_of(product).stock == 2
    assert ProductPage.objects.get(pk=product.pk).summary == "Now in two colours."


def test_new_variant_added_on_the_page_gets_its_opening_stock(shop_index):
    product = ProductPage.objects.get(pk=product_create(stock=5).pk)
    product.variants.add(ProductVariant(sku="NEW-1", price=variant_of(product).price, stock=7))
    product.save_revision().publish()

    assert ProductVariant.objects.get(sku="NEW-1").stock == 7


def test_manager_adjusts_stock_in_the_stock_screen(client, shop_index):
    product = product_create(title="Candle", variants=[{"sku": "CA-1", "price": "10", "stock": 1}])
    client.force_login(_staff("manager", "Shop managers"))

    listing = client.get(reverse("shop_stock:index"), {"q": "CA-1"})
    response = client.post(reverse("shop_stock:edit", args=[variant_of(product).pk]), {"stock": "12"})

    assert listing.status_code == 200
    assert "CA-1" in listing.content.decode()
    assert response.status_code == 302
    assert variant_of(product).stock == 12


@pytest.mark.parametrize("value", ["-1", "abc", ""])
def test_stock_screen_refuses_hostile_values(client, shop_index, value):
    product = product_create(variants=[{"sku": "CA-2", "price": "10", "stock": 4}])
    client.force_login(_staff("manager", "Shop managers"))

    response = client.post(reverse("shop_stock:edit", args=[variant_of(product).pk]), {"stock": value})

    assert response.status_code == 200
    assert variant_of(product).stock == 4


def test_editors_cannot_adjust_stock(client, shop_index):
    product = product_create(variants=[{"sku": "CA-3", "price": "10", "stock": 4}])
    client.force_login(_staff("editor", "Editors"))

    response = client.post(reverse("shop_stock:edit", args=[variant_of(product).pk]), {"stock": "99"})

    assert response.status_code in (302, 403)
    assert variant_of(product).stock == 4
