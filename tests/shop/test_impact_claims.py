"""The same purchase's impact claim on the product page, in the cart, in the confirmation email and
on the order page equals what the ledger booked (rendered pages, not the function alone)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from djmoney.money import Money

from ledger.models import Entry, stored_total
from shop import services
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event

pytestmark = pytest.mark.django_db
HOUR = Decimal("18.00")  # the survivor-wages impact unit cost in the chart of accounts


@pytest.fixture
def necklace(shop_rules, shop_index):
    """A $34 necklace with 60 labour minutes at $0.30: $18 (one hour) of wages per unit."""
    product = product_create(title="Hope necklace", price="34.00", stock=50, labour_minutes=60)
    rule_create(
        target="product",
        key=str(product.pk),
        remainder="operations",
        per_labour_minute={"survivor-wages": Money("0.30", "USD")},
        percentages={"materials": Decimal(20)},
        effective_from=dt.date(2020, 1, 1),
    )
    return product


def booked_hours(source: str) -> str:
    """Hours of wages the ledger holds for a source, rounded down to a tenth, as the page words it."""
    total = Entry.objects.filter(posting__source=source, fund__slug="survivor-wages").aggregate(
        t=Sum("amount")
    )["t"]
    hours = (-stored_total(total) / HOUR).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    text = f"{hours:f}".removesuffix(".0")
    return f"{text} hour" + ("" if text == "1" else "s")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_product_cart_email_and_order_page_claim_what_the_ledger_booked(
    client, stripe_fake, fast_checkout, necklace, django_capture_on_commit_callbacks
):
    product_page = text_of(client.get(necklace.url).content.decode())
    assert "Each purchase funds about 1 hour of survivor wages." in product_page

    add_to_cart(client, variant_of(necklace), 3)
    cart_page = text_of(client.get("/shop/cart/").content.decode())
    assert "Your order funds about 3 hours of survivor wages." in cart_page

    checkout(client)
    order = latest_order()
    with django_capture_on_commit_callbacks(execute=True):
        send_event(
            client,
            "checkout.session.completed",
            paid_session(stripe_fake, order, shipping="6.95", tax="2.38"),
        )
    order.refresh_from_db()
    booked = booked_hours(order.ledger_source)
    assert booked == "3 hours"  # 3 x 60 minutes at $18 an hour, booked once per unit

    [email] = mail.outbox
    assert f"Your purchase funds about {booked} of survivor wages." in email.body
    assert f"Your purchase funds about {booked} of survivor wages." in text_of(email.alternatives[0][0])
    order_page = text_of(client.get(f"/shop/orders/{order.token}/").content.decode())
    assert f"Your purchase funds about {booked} of survivor wages." in order_page

    # After refunding one necklace the order page says what the books now hold.
    services.order_refund(order=order, quantities={order.product_lines[0].pk: 1}, reason="Broken clasp")
    after = booked_hours(order.ledger_source)
    assert after == "2 hours"
    order_page = text_of(client.get(f"/shop/orders/{order.token}/").content.decode())
    assert f"Your purchase funds about {after} of survivor wages (after the refund)." in order_page

    # Refunded in full, the order claims nothing.
    services.order_refund(order=order, quantities={order.product_lines[0].pk: 2}, reason="All of them")
    assert "Your purchase funds" not in client.get(f"/shop/orders/{order.token}/").content.decode()


def test_a_cart_of_two_products_claims_the_sum_of_their_rules(client, fast_checkout, necklace, shop_index):
    tote = product_create(
        title="Market tote", price="40.00", stock=10, labour_minutes=120
    )  # shop default rule
    add_to_cart(client, variant_of(necklace), 2)
    add_to_cart(client, variant_of(tote), 1)

    cart_page = text_of(client.get("/shop/cart/").content.decode())

    # Necklaces: 2 x $18 = $36; tote by the default 45 %: $18. $54 / $18 = 3 hours.
    assert "Your order funds about 3 hours of survivor wages." in cart_page
    assert "Funds about 2 hours of survivor wages." in cart_page
    assert "Funds about 1 hour of survivor wages." in cart_page
