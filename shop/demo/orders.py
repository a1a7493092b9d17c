"""Demo orders, bought and paid through the shop's own services (cart, checkout, the settled-payment
handler, a refund reported by Stripe), so the ledger holds exactly what real sales book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from payments.types import PaymentSettled, RefundStatus, RefundUpdated, StripeIds
from shop.models import Cart, Order, ProductVariant
from shop.services import (
    cart_add,
    cart_set_gift,
    order_create_from_cart,
    order_mark_paid,
    order_refund_updated,
    order_ship,
)

DEMO_SHOPPER_DOMAIN = "shoppers.example.org"
DEMO_TAX_RATE = Decimal("0.07")
DEMO_ADDRESS = {
    "name": "Demo Shopper",
    "line1": "12 Elm St",
    "line2": "",
    "city": "Des Moines",
    "state": "IA",
    "postal_code": "50309",
    "country": "US",
}
# (days ago, [(sku, quantity)], gift added in the cart, refund reported by Stripe): several lines
# under different rules, quantities above one (3 silk scarves fund 3 x what one does).
DEMO_ORDERS = [
    (330, [("SO-OAT", 2), ("CA-LAV", 1)], None, None),
    (290, [("TO-NAT", 1), ("LI-01", 3)], "10.00", None),
    (250, [("SS-01", 3)], None, None),
    (200, [("TT-01", 2), ("PO-01", 1)], None, "5.00"),
    (150, [("BR-RED", 2), ("AN-01", 1)], None, None),
    (100, [("NA-01", 1), ("SO-OAT", 3)], "25.00", None),
    (45, [("BE-01", 1), ("GL-S", 2)], None, None),
    (12, [("CA-LAV", 2), ("HS-01", 1)], None, None),
]


def orders_add(stdout) -> None:
    """A year of demo orders, bought and paid through the shop's own services (cart, checkout, the
    settled-payment handler, a refund reported by Stripe), so the ledger holds exactly what real
    sales book and `ledger_audit` passes on the demo."""

    now = timezone.now()
    created = 0
    for index, (days_ago, items, gift, refund) in enumerate(DEMO_ORDERS):
        email = f"shopper{index + 1}@{DEMO_SHOPPER_DOMAIN}"
        if Order.objects.filter(email=email).exists():
            continue
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=[sku for sku, _ in items])}
        if len(variants) < len(items) or any(variants[sku].stock < qty for sku, qty in items):
            continue
        order = _order_placed(variants, items, email=email, gift=gift)
        when = now - dt.timedelta(days=days_ago)
        shipping = Money("6.95", "USD")
        tax = Money((order.goods_total.amount * DEMO_TAX_RATE).quantize(Decimal("0.01")), "USD")
        total = order.goods_total + order.gift_total + shipping + tax
        fee = _demo_fee(total)
        zero = Money(0, "USD")
        order_mark_paid(
            event=PaymentSettled(
                kind="order",
                reference=order.number,
                amount_total=total,
                amount_subtotal=order.goods_total + order.gift_total,
                amount_tax=tax,
                amount_shipping=shipping,
                amount_discount=zero,
                fee=fee,
                occurred_at=when,
                ids=StripeIds(checkout_session_id=f"cs_demo_{order.number}"),
                customer_email=email,
                customer_name=f"Demo Shopper {index + 1}",
                shipping_address=DEMO_ADDRESS,
                shipping_option_label="Standard shipping",
            )
        )
        if refund:
            order_refund_updated(
                event=RefundUpdated(
                    kind="order",
                    reference=order.number,
                    refund_id=f"re_demo_{order.number}",
                    amount=Money(refund, "USD"),
                    status=RefundStatus.SUCCEEDED,
                    occurred_at=when + dt.timedelta(days=2),
                    ids=StripeIds(),
                    reason="Demo: arrived damaged",
                )
            )
        created += 1
    stdout.write(f"shop: {created} demo orders paid")


DEMO_CUSTOMER_DOMAIN = "customers.hopeworks.example"
# (customer, [(sku, quantity)], shipped): paid today, so the admin dashboard and Orders have something.
TODAY_ORDERS = [
    ("Jordan Avery", [("BR-RED", 2), ("CA-LAV", 1)], True),
    ("Sam Rivera", [("TT-01", 1), ("SO-OAT", 3)], False),
    ("Priya Natarajan", [("SS-01", 1)], False),
]
TODAY_ADDRESS = {
    "line1": "100 Main St",
    "line2": "",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
}


def orders_paid_today_add() -> int:
    """Paid demo orders through the real checkout and fulfilment services (ledger postings included)."""
    if Order.objects.filter(email__endswith=f"@{DEMO_CUSTOMER_DOMAIN}").exists():
        return 0
    created = 0
    for index, (name, lines, shipped) in enumerate(TODAY_ORDERS, start=1):
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=[sku for sku, _ in lines])}
        if len(variants) != len(lines):
            continue
        email = f"{name.split()[0].lower()}@{DEMO_CUSTOMER_DOMAIN}"
        order = _order_placed(variants, lines, email=email)
        total = order.goods_total + order.gift_total
        zero = Money(0, order.currency)
        order = order_mark_paid(
            event=PaymentSettled(
                kind="order",
                reference=order.number,
                amount_total=total,
                amount_subtotal=total,
                amount_tax=zero,
                amount_shipping=zero,
                amount_discount=zero,
                fee=_demo_fee(total),
                occurred_at=timezone.now(),
                ids=StripeIds(payment_intent_id=f"pi_demo_{order.number}"),
                customer_email=email,
                customer_name=name,
                shipping_address={"name": name, **TODAY_ADDRESS},
                shipping_option_label="Standard shipping",
            )
        )
        if shipped:
            order_ship(order=order, carrier="USPS", tracking_number=f"9400 1000 0000 0000 0000 {index:02d}")
        created += 1
    return created


def _order_placed(variants: dict, lines, *, email: str, gift: str | None = None) -> Order:
    """A cart filled with `lines` ((sku, quantity) pairs) and checked out, as a shopper would."""
    cart = Cart.objects.create()
    for sku, quantity in lines:
        cart_add(cart=cart, variant_id=variants[sku].pk, quantity=quantity)
    if gift:
        cart_set_gift(cart=cart, amount=Money(gift, "USD"))
    return order_create_from_cart(cart=cart, email=email)


def _demo_fee(total: Money) -> Money:
    """What the card processor would keep: 2.9 % + $0.30, to the cent."""
    return Money((total.amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01")), "USD")
