"""Drive the shop the way a customer and Stripe do: real views, real payments code, faked HTTP only."""

from __future__ import annotations

from djmoney.money import Money

from core.money import to_minor_units
from shop.models import Order
from tests.fixtures.stripe import make_event, post_webhook

ADDRESS = {
    "name": "Casey Customer",
    "address": {
        "line1": "12 Elm St",
        "line2": "",
        "city": "Des Moines",
        "state": "IA",
        "postal_code": "50309",
        "country": "US",
    },
}


def add_to_cart(client, variant, quantity=1, **extra):
    return client.post("/shop/cart/add/", {"variant": variant.pk, "quantity": quantity, **extra})


def checkout(client, email="casey@example.org", meta=None, **extra):
    from shop.forms import CheckoutForm

    data = {"email": email, "website": "", "started": CheckoutForm.human_check_token(), **extra}
    return client.post("/shop/checkout/", data, **(meta or {}))


def latest_order() -> Order:
    return Order.objects.prefetch_related("lines").order_by("-pk").first()


def paid_session(
    stripe_fake, order: Order, *, shipping="0.00", tax="0.00", discount="0.00", fee="1.50", **overrides
):
    """Store a paid Checkout Session for `order` in the fake, with the amounts Stripe would compute."""
    currency = order.currency
    shipping, tax, discount = Money(shipping, currency), Money(tax, currency), Money(discount, currency)
    total = order.goods_total + order.gift_total + shipping + tax - discount
    session_overrides = {
        "total_details": {
            "amount_discount": to_minor_units(discount),
            "amount_shipping": to_minor_units(shipping),
            "amount_tax": to_minor_units(tax),
        },
        "collected_information": {"shipping_details": ADDRESS},
        "customer_details": {"email": order.email, "name": "Casey Customer"},
        "shipping_cost": {
            "amount_total": to_minor_units(shipping),
            "shipping_rate": {"id": "shr_test", "display_name": "Standard shipping"},
        },
        **overrides,
    }
    if order.checkout_session_id:
        session_overrides["id"] = order.checkout_session_id
    return stripe_fake.paid_checkout(
        kind="order",
        reference=order.number,
        amount_total=total,
        fee=Money(fee, currency) if fee is not None else None,
        customer_email=order.email,
        session_overrides=session_overrides,
    )


def send_event(client, event_type, obj, **extra):
    event = make_event(event_type, obj, **extra)
    response = post_webhook(client, event)
    return response, event
