"""Gift box orders: component stock, sold-out boxes, build-your-own limits, and attribution per component."""

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest

from ledger.models import Posting
from shop.errors import GiftError
from shop.models import GiftOrder, ProductVariant
from shop.selectors import gifts as gift_selectors
from shop.services import gift_checkout, gift_orders
from shop.services.gift_recipients import Recipient, gift_recipients_replace
from tests.fixtures.gift_factories import build_box_create, classic_box_create
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import paid_session, send_event

pytestmark = pytest.mark.django_db


def recipients(count):
    return [
        Recipient(
            row=i + 2,
            name=f"Person {i}",
            line1=f"{i} Main St",
            city="Springfield",
            postal_code="62701",
            country="US",
            message=f"Thanks {i}",
        )
        for i in range(count)
    ]


@pytest.fixture
def parts(shop_index):
    candle = product_create(title="Candle", price="18.00", stock=30, labour_minutes=30)
    scarf = product_create(title="Scarf", price="32.00", stock=30, labour_minutes=90)
    return variant_of(candle), variant_of(scarf)


def test_a_classic_box_is_sold_out_when_any_component_is(parts):
    candle, scarf = parts
    box = classic_box_create(components=[(candle, 2), (scarf, 1)])
    contents = gift_selectors.box_contents(box=box)
    assert gift_selectors.boxes_available(contents) == 15  # 30 candles / 2 per box
    ProductVariant.objects.filter(pk=scarf.pk).update(stock=0)
    assert gift_selectors.boxes_available(gift_selectors.box_contents(box=box)) == 0
    with pytest.raises(GiftError, match="Scarf has stock for 0 boxes"):
        gift_orders.gift_order_start(box=box, quantity=1)


def test_build_your_own_refuses_more_items_than_slots_and_items_not_offered(parts, shop_index):
    candle, scarf = parts
    other = variant_of(product_create(title="Not offered", price="5.00"))
    box = build_box_create(choices=[candle, scarf])
    small = box.sizes.get(name="Small")
    with pytest.raises(GiftError, match="holds 3 items"):
        gift_orders.gift_order_start(box=box, quantity=1, size=small, chosen={candle.pk: 2, scarf.pk: 2})
    with pytest.raises(GiftError, match="cannot go in this box"):
        gift_orders.gift_order_start(box=box, quantity=1, size=small, chosen={other.pk: 1})
    with pytest.raises(GiftError, match="Candle has stock for 15 boxes"):
        gift_orders.gift_order_start(box=box, quantity=16, size=small, chosen={candle.pk: 2})
    gift = gift_orders.gift_order_start(box=box, quantity=2, size=small, chosen={candle.pk: 2, scarf.pk: 1})
    # base 20.00 + 2 x 18.00 + 32.00 per box
    assert gift_selectors.gift_price(gift=gift, shipments=1).goods_total == usd("176.00")


def _split(total_cents: int, weights: list[int]) -> list[int]:
    """Largest remainder, ties to the earlier part: the oracle written from the rule's definition."""
    exact = [Fraction(total_cents * w, sum(weights)) for w in weights]
    floors = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))[
        : total_cents - sum(floors)
    ]:
        floors[i] += 1
    return floors


def test_going_back_from_an_unpaid_box_checkout_returns_the_reserved_stock(stripe_fake, parts):
    """The customer leaves Stripe's page to change the order: the held components go back on sale and
    the gift is editable again (on PostgreSQL this locks the gift row, not the outer-joined order)."""
    candle, scarf = parts
    box = classic_box_create(components=[(candle, 2), (scarf, 1)], price="61.00")
    gift = gift_orders.gift_order_start(box=box, quantity=4)
    gift_recipients_replace(gift=gift, recipients=recipients(4))
    gift_orders.gift_order_set_contact(gift=gift, company="Acme", contact_name="Ann", email="ann@example.com")
    gift_checkout.gift_order_checkout(
        gift=gift, success_url="http://testserver/ok", cancel_url="http://testserver/no"
    )
    assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [
        22,
        26,
    ]  # 8 candles, 4 scarves held

    gift = gift_checkout.gift_order_reopen(gift=gift)

    assert gift.status == GiftOrder.Status.DRAFT
    assert gift.order is None
    assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [30, 30]


@pytest.fixture
def paid_box_order(client, stripe_fake, parts, shop_rules):
    """3 classic boxes (2 candles + 1 scarf, 61.00 less 10 %, assembly share 4.00 a box), paid."""
    candle, scarf = parts
    box = classic_box_create(
        components=[(candle, 2), (scarf, 1)],
        price="61.00",
        assembly_share="4.00",
        assembly_minutes=12,
        bands=[(3, "10")],
    )
    rule_create(
        target="product",
        key=str(candle.product_id),
        remainder="materials",
        percentages={"survivor-wages": Decimal(60)},
    )
    rule_create(
        target="product",
        key=str(scarf.product_id),
        remainder="operations",
        percentages={"survivor-wages": Decimal(50), "materials": Decimal(25)},
    )
    # The assembly share's own rule is keyed on the box (target "box"), not on any product.
    rule_create(target="box", key=str(box.pk), remainder="survivor-wages")
    gift = gift_orders.gift_order_start(box=box, quantity=3)
    gift_recipients_replace(gift=gift, recipients=recipients(3))
    gift_orders.gift_order_set_contact(gift=gift, company="Acme", contact_name="Ann", email="ann@example.com")
    gift_checkout.gift_order_checkout(
        gift=gift, success_url="http://testserver/ok", cancel_url="http://testserver/no"
    )
    gift.refresh_from_db()
    order = gift.order
    assert order.goods_total == usd("164.70")  # 3 x (61.00 less 10 %)
    assert sorted(ProductVariant.objects.values_list("stock", flat=True)) == [24, 27]  # reserved

    session = paid_session(stripe_fake, order, shipping="28.50")
    send_event(client, "checkout.session.completed", session)
    send_event(client, "checkout.session.completed", session)  # delivered twice: booked once
    gift.refresh_from_db()
    order.refresh_from_db()
    return gift, order


def _revenue_by_fund(posting, line=None) -> dict[str, int]:
    """Cents each fund received from a posting's revenue legs (credits are negative)."""
    booked = defaultdict(int)
    entries = posting.entries.filter(role="revenue").select_related("account")
    if line is not None:
        entries = entries.filter(line=line)
    for entry in entries:
        booked[entry.account.slug] -= int(entry.amount.amount * 100)
    return {slug: cents for slug, cents in booked.items() if cents}


def test_a_paid_box_order_books_each_components_rule_and_the_assembly_share(paid_box_order):
    gift, order = paid_box_order
    assert gift.status == GiftOrder.Status.PAID
    posting = Posting.objects.get(source=order.ledger_source, kind="payment")
    assert posting.channel == "gift_boxes"
    # Oracle: 12.00 assembly (3 x 4.00) to survivor wages; 152.70 split 6 candles (108) : 3 scarves (96).
    candle_cents, scarf_cents = _split(15270, [10800, 9600])
    oracle = defaultdict(int)
    oracle["survivor-wages"] += 1200
    c_wages, c_rest = _split(candle_cents, [60, 40])
    oracle["survivor-wages"] += c_wages
    oracle["materials"] += c_rest
    s_wages, s_materials, s_rest = _split(scarf_cents, [50, 25, 25])
    oracle["survivor-wages"] += s_wages
    oracle["materials"] += s_materials
    oracle["operations"] += s_rest
    assert _revenue_by_fund(posting) == dict(oracle)
    assert Posting.objects.filter(source=order.ledger_source, kind="payment").count() == 1
    assert posting.entries.get(role="shipping").amount == usd("-28.50")
    # The assembly share is a leg of its own, on its own line, by the box's rule.
    assembly = order.lines.get(box_id=gift.box_id)
    assert assembly.product_id is None
    assert assembly.quantity == 3
    assert _revenue_by_fund(posting, line=assembly.reference) == {"survivor-wages": 1200}
    box_rule = posting.entries.filter(line=assembly.reference, role="revenue").values_list("rule__target")
    assert set(box_rule) == {("box",)}


def test_refunding_one_boxs_assembly_and_two_candles_reverses_exactly_those_legs(paid_box_order):
    from shop import services

    gift, order = paid_box_order
    assembly = order.lines.get(box_id=gift.box_id)
    candles = order.lines.get(title="Candle")
    refund = services.order_refund(
        order=order, quantities={assembly.pk: 1, candles.pk: 2}, reason="One box arrived damaged"
    )
    reversal = Posting.objects.get(source=order.ledger_source, kind=f"refund:{refund.refund_id}")
    # Oracle: a third of the 12.00 assembly (4.00), all survivor wages as booked; two of six candles
    # at the price paid per candle (its line's share rounded half-up to the cent), in the line's
    # own 60:40 proportions of what it booked.
    candle_cents, _scarf = _split(15270, [10800, 9600])
    per_candle = int((Decimal(candle_cents) / 6).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    c_wages, c_rest = _split(candle_cents, [60, 40])
    back_wages, back_materials = _split(2 * per_candle, [c_wages, c_rest])
    assert _revenue_by_fund(reversal, line=assembly.reference) == {"survivor-wages": -400}
    assert _revenue_by_fund(reversal, line=candles.reference) == {
        "survivor-wages": -back_wages,
        "materials": -back_materials,
    }
    assert set(reversal.entries.values_list("line", flat=True)) <= {assembly.reference, candles.reference}
    order.refresh_from_db()
    assert order.refunded_total == usd("4.00") + usd(Decimal(2 * per_candle) / 100)
