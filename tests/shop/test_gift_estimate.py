"""The build-your-own box page's live price and impact (JSON behind gifts.js), and hostile input."""

from decimal import ROUND_DOWN, Decimal

import pytest

from shop.models import ProductVariant
from tests.fixtures.gift_factories import build_box_create
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, variant_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def build(shop_index, shop_rules):
    """Small (3 slots, 20.00) and Large (6 slots, 30.00); candles 18.00, scarves 32.00; 10 % from 25."""
    candle = variant_of(product_create(title="Candle", price="18.00", stock=40))
    scarf = variant_of(product_create(title="Scarf", price="32.00", stock=40))
    box = build_box_create(choices=[candle, scarf], bands=[(25, "10")])
    # Every box line, assembly included, by the gift boxes default: 40 % survivor wages.
    rule_create(
        target="default",
        key="gift_boxes",
        remainder="operations",
        percentages={"survivor-wages": Decimal(40)},
    )
    return box, candle, scarf


def estimate(client, box, **params):
    return client.get(f"/gifts/box/{box.pk}/estimate/", params)


def test_the_running_price_and_impact_follow_the_chosen_items_and_the_band(client, build):
    box, candle, scarf = build
    small = box.sizes.get(name="Small")
    data = estimate(client, box, size=small.pk, quantity=2, **{f"item-{candle.pk}": 2}).json()
    # Oracle: 20.00 + 2 x 18.00 = 56.00 a box; 40 % of it is 22.40 of wages, 1.2 hours at 18.00.
    assert data["ok"] is True
    assert data["slots_left"] == 1
    assert data["unit_price"] == "$56.00"
    assert data["goods_total"] == "$112.00"
    wages = (Decimal("56.00") * Decimal("0.40") / Decimal(18)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    assert data["impact"] == f"funds about {wages} hours of survivor wages"

    data = estimate(
        client, box, size=small.pk, quantity=30, **{f"item-{candle.pk}": 1, f"item-{scarf.pk}": 2}
    ).json()
    # 20.00 + 18.00 + 64.00 = 102.00, less 10 % from 25 boxes = 91.80 a box.
    assert data["unit_price"] == "$91.80"
    assert data["goods_total"] == "$2,754.00"
    assert data["discount_percent"] == "10"


def test_more_items_than_slots_or_out_of_stock_items_are_refused(client, build):
    box, candle, scarf = build
    small = box.sizes.get(name="Small")
    data = estimate(
        client, box, size=small.pk, quantity=1, **{f"item-{candle.pk}": 2, f"item-{scarf.pk}": 2}
    ).json()
    assert data["ok"] is False
    assert data["slots_left"] == -1
    assert "holds 3 items; remove 1" in " ".join(data["problems"])
    ProductVariant.objects.filter(pk=scarf.pk).update(stock=0)
    data = estimate(client, box, size=small.pk, quantity=1, **{f"item-{scarf.pk}": 1}).json()
    assert data["ok"] is False
    assert "Not enough of the chosen items in stock" in " ".join(data["problems"])
    page = client.get(box.url).content.decode()
    assert f'id="item-{scarf.pk}"' in page
    assert "(sold out)" in page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"size": "abc", "quantity": "-5"},
        {"size": "999999", "item-1": "x"},
        {"quantity": "1e309", "item-abc": "3"},
        {"quantity": "99999999999999999999"},
        {"item-99999": "2"},
    ],
)
def test_hostile_estimate_parameters_get_a_clear_answer_never_a_500(client, build, params):
    box, _candle, _scarf = build
    response = estimate(client, box, **params)
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert response.json()["problems"]


def test_a_classic_or_missing_box_has_no_estimate(client, build):
    assert client.get("/gifts/box/999999/estimate/").status_code == 404
