"""Gift box pricing: bands, surcharges, setup fees and the minimum order, as properties."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.selectors.gift_pricing import Band, OptionPrice, PricingError, box_price
from tests.fixtures.shop_factories import usd

BANDS = [
    Band(min_quantity=25, discount_percent=Decimal("10")),
    Band(min_quantity=100, discount_percent=Decimal("17.5")),
]
cents = st.integers(min_value=0, max_value=50_000).map(lambda c: usd(Decimal(c) / 100))
options = st.lists(
    st.tuples(cents, cents).map(lambda pair: OptionPrice(label="opt", surcharge=pair[0], setup_fee=pair[1])),
    max_size=4,
)


def oracle_unit(base: Decimal, quantity: int) -> Decimal:
    percent = Decimal(0)
    for minimum, off in ((25, Decimal(10)), (100, Decimal("17.5"))):
        if quantity >= minimum:
            percent = off
    return (base * (100 - percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(
    base=cents,
    quantity=st.integers(min_value=1, max_value=5000),
    opts=options,
    shipments=st.integers(min_value=0, max_value=300),
)
def test_total_is_exactly_band_price_times_boxes_plus_surcharges_setup_and_shipping(
    base, quantity, opts, shipments
):
    price = box_price(
        base_price=base,
        quantity=quantity,
        bands=BANDS,
        options=opts,
        shipments=shipments,
        shipping_per_shipment=usd("9.50"),
    )
    unit = oracle_unit(base.amount, quantity)
    surcharge = sum((o.surcharge.amount for o in opts), Decimal(0))
    setup = sum((o.setup_fee.amount for o in opts), Decimal(0))
    expected = unit * quantity + surcharge * quantity + setup + Decimal("9.50") * shipments
    assert price.total == usd(expected)
    assert price.goods_total == usd(unit * quantity + surcharge * quantity + setup)
    assert price.total.amount == price.total.amount.quantize(Decimal("0.01"))


@given(base=cents, opts=options, quantity=st.integers(min_value=1, max_value=3000))
def test_within_a_band_one_more_box_never_costs_less(base, opts, quantity):
    lower = box_price(base_price=base, quantity=quantity, bands=BANDS, options=opts)
    higher = box_price(base_price=base, quantity=quantity + 1, bands=BANDS, options=opts)
    if lower.discount_percent == higher.discount_percent:
        assert higher.goods_total - lower.goods_total == lower.unit_price + lower.surcharge_per_box
        assert higher.goods_total >= lower.goods_total


def test_band_thresholds_apply_from_their_first_box():
    base = usd("40.00")
    assert box_price(base_price=base, quantity=24, bands=BANDS).unit_price == usd("40.00")
    assert box_price(base_price=base, quantity=25, bands=BANDS).unit_price == usd("36.00")
    assert box_price(base_price=base, quantity=99, bands=BANDS).unit_price == usd("36.00")
    assert box_price(base_price=base, quantity=100, bands=BANDS).unit_price == usd("33.00")


@given(minimum=st.integers(min_value=2, max_value=500), data=st.data())
def test_below_the_minimum_order_is_refused_and_at_it_is_priced(minimum, data):
    below = data.draw(st.integers(min_value=0, max_value=minimum - 1))
    with pytest.raises(PricingError):
        box_price(base_price=usd("10.00"), quantity=below, minimum_quantity=minimum)
    assert box_price(base_price=usd("10.00"), quantity=minimum, minimum_quantity=minimum).total == usd(
        10 * minimum
    )


def test_a_staff_agreed_price_replaces_the_band_price_but_not_the_surcharges():
    price = box_price(
        base_price=usd("40.00"),
        quantity=200,
        bands=BANDS,
        unit_price_override=usd("30.00"),
        options=[OptionPrice(label="Logo", surcharge=usd("1.50"), setup_fee=usd("35.00"))],
    )
    assert price.goods_total == usd("6335.00")  # 200 x 30 + 200 x 1.50 + 35
