import io

import pytest

from shop import demo
from shop.models import Maker, ProductPage, ProductVariant

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_shows_a_full_shop(client, shop_index):
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    assert ProductPage.objects.count() >= 24
    assert ProductPage.objects.count() == len(demo.PRODUCTS)
    assert ProductVariant.objects.filter(stock=0).exists()
    assert Maker.objects.filter(revoked=True).count() == 1
    body = client.get(shop_index.url, {"sort": "name"}).content.decode()
    assert "Sold out" in body
    listing_all = "".join(client.get(shop_index.url, {"page": n}).content.decode() for n in range(1, 4))
    assert "Former maker" not in listing_all
    keyring = ProductPage.objects.get(slug="charm-keyring")
    assert "Former maker" not in client.get(keyring.url).content.decode()


def test_demo_products_show_an_impact_line_from_the_seeded_rules(client, shop_index):
    demo.seed(stdout=io.StringIO())
    tote = ProductPage.objects.get(slug="market-tote")

    # 120 labour minutes at $0.30 = $36.00 = 2 hours of survivor wages
    assert "about 2 hours of survivor wages" in client.get(tote.url).content.decode()
