"""`ledger_audit` finds what the books got wrong; `ledger_repair` corrects the labour double counting
by reversing and re-posting; neither ever edits a row. The demo passes the audit (CI runs this)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from djmoney.money import Money

from ledger import services as ledger_services
from ledger.models import Entry, Posting, stored_total
from ledger.types import Channel
from shop import services
from shop.services.fulfilment import goods_revenue
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event

pytestmark = pytest.mark.django_db


def audit(*args) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("ledger_audit", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


@pytest.fixture
def tote(shop_rules, shop_index):
    product = product_create(title="Market tote", price="40.00", stock=50, labour_minutes=90)
    rule_create(
        target="product",
        key=str(product.pk),
        remainder="operations",
        per_labour_minute={"survivor-wages": Money("0.30", "USD")},
        percentages={"materials": Decimal(20)},
        effective_from=dt.date(2020, 1, 1),
    )
    return product


def _order(client, tote, quantity=3):
    add_to_cart(client, variant_of(tote), quantity)
    checkout(client)
    return latest_order()


def _pay(client, stripe_fake, order):
    send_event(
        client, "checkout.session.completed", paid_session(stripe_fake, order, shipping="5.00", tax="2.00")
    )
    order.refresh_from_db()
    return order


def _wages(source):
    total = Entry.objects.filter(posting__source=source, account__slug="survivor-wages").aggregate(
        t=Sum("amount")
    )
    return -stored_total(total["t"])


def _book_the_old_way(order):
    """Book the order as versions before the fix did: labour minutes already multiplied by the quantity."""
    lines = [
        replace(line, labour_minutes=line.labour_minutes * line.quantity)
        for line in goods_revenue(order=order, goods_net=order.goods_total)
    ]
    ledger_services.payment_post(
        source=order.ledger_source,
        occurred_at=order.created_at,
        channel=Channel.SHOP,
        revenue=lines,
        shipping=Money("5.00", "USD"),
        tax=Money("2.00", "USD"),
        fee=Money("1.50", "USD"),
    )


def test_the_audit_is_clean_for_orders_paid_and_refunded_through_the_shop(
    client, stripe_fake, fast_checkout, tote
):
    order = _pay(client, stripe_fake, _order(client, tote))
    services.order_refund(order=order, quantities={order.product_lines[0].pk: 1}, reason="Broken")
    services.order_refund(order=order, shipping=True, reason="Late")

    clean, output = audit()

    assert clean, output
    assert "1 source(s) checked" in output


def test_the_audit_reports_a_deliberately_wrong_posting_and_fails(client, stripe_fake, fast_checkout, tote):
    good = _pay(client, stripe_fake, _order(client, tote, quantity=1))
    second_customer = Client()
    wrong = _order(second_customer, tote)
    _book_the_old_way(wrong)  # the payment posting is booked wrongly first...
    wrong = _pay(
        second_customer, stripe_fake, wrong
    )  # ...and the real payment finds it already booked (idempotent)
    assert _wages(wrong.ledger_source) == Decimal("120.00")  # 3 x 90 x 3 minutes at $0.30, capped at $120

    clean, output = audit()

    assert not clean
    assert wrong.ledger_source in output
    assert good.ledger_source not in output
    assert "survivor-wages revenue" in output
    assert "should be -81.00" in output  # 3 x $27.00
    assert "booked -120.00" in output
    assert "difference(s) in 2 source(s) checked" in output


def test_the_repair_reverses_and_reposts_inflated_postings_without_editing_a_row(
    client, stripe_fake, fast_checkout, tote
):
    order = _order(client, tote)
    _book_the_old_way(order)
    order = _pay(client, stripe_fake, order)
    payment = Posting.objects.get(source=order.ledger_source, kind="payment")
    rows_before = list(payment.entries.values_list("pk", "amount", "line"))

    report = io.StringIO()
    call_command("ledger_repair", stdout=report)
    assert f"{order.ledger_source}: inflated by the labour double counting" in report.getvalue()
    assert "would be repaired" in report.getvalue()
    assert _wages(order.ledger_source) == Decimal("120.00")  # a report changes nothing

    applied = io.StringIO()
    call_command("ledger_repair", "--apply", stdout=applied)
    assert "repaired by repair:1" in applied.getvalue()
    assert _wages(order.ledger_source) == Decimal("81.00")
    assert list(payment.entries.values_list("pk", "amount", "line")) == rows_before
    assert audit()[0]

    # Refunds after the repair give back the corrected legs, and the books stay clean.
    services.order_refund(order=order, quantities={order.product_lines[0].pk: 1}, reason="Broken")
    assert _wages(order.ledger_source) == Decimal("54.00")
    clean, output = audit()
    assert clean, output
    again = io.StringIO()
    call_command("ledger_repair", "--apply", stdout=again)
    assert "0 inflated posting(s)" in again.getvalue()


def test_a_rule_version_backdated_after_the_sale_shows_up_in_the_audit(
    client, stripe_fake, fast_checkout, tote
):
    order = _pay(client, stripe_fake, _order(client, tote, quantity=2))
    rule_create(
        target="product",
        key=str(order.product_lines[0].product_id),
        remainder="operations",
        percentages={"survivor-wages": Decimal(90)},
        effective_from=dt.date(2021, 1, 1),
    )

    clean, output = audit()

    assert not clean
    assert order.ledger_source in output
    assert "by rule" in output


def test_a_posting_no_order_accounts_for_is_reported(client, stripe_fake, fast_checkout, tote):
    ledger_services.payment_post(
        source="order:HW-NOSUCH",
        occurred_at=timezone.now(),
        channel=Channel.SHOP,
        revenue=[],
        shipping=Money("5.00", "USD"),
        tax=Money("0.00", "USD"),
        fee=None,
    )

    clean, output = audit()

    assert not clean
    assert "order:HW-NOSUCH payment: no order or gift on record for this posting" in output


def test_since_limits_the_audit_and_a_malformed_date_is_a_clear_error(
    client, stripe_fake, fast_checkout, tote
):
    order = _order(client, tote)
    _book_the_old_way(order)
    _pay(client, stripe_fake, order)

    assert audit("--since", "2999-01-01")[0]
    with pytest.raises(CommandError, match="--since must be a date like 2026-01-31"):
        call_command("ledger_audit", "--since", "yesterday'; DROP TABLE", stdout=io.StringIO())


def test_seed_demo_books_through_the_real_services_and_passes_the_audit():
    """What CI runs after seeding the demo: every demo posting traces back to an order or a gift."""
    call_command("seed_demo", stdout=io.StringIO())

    clean, output = audit()

    assert clean, output
    assert Posting.objects.filter(source__startswith="order:").exists()
    assert not Posting.objects.filter(source__startswith="demo:").exists()
