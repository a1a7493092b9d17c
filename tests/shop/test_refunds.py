"""Refunds (admin, dashboard, failed later) and disputes: the ledger stays exact, nothing doubles."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from ledger.models import Entry, Posting, stored_total
from shop import services
from shop.errors import OrderActionError
from shop.models import OrderRefund, ProductVariant
from shop.models.orders import OrderStatus
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.shop_helpers import add_to_cart, checkout, latest_order, paid_session, send_event
from tests.fixtures.stripe import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_fake, fast_checkout, shop_rules, shop_index, gift_calls):
    """An order of three lines (20 + 30 + 50 = 100.00), paid with no shipping or tax."""
    products = [
        product_create(title="Soap", price="20.00", stock=10),
        product_create(title="Candle", price="30.00", stock=10),
        product_create(title="Basket", price="50.00", stock=10),
    ]
    for product in products:
        add_to_cart(client, variant_of(product), 1)
    checkout(client)
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order, fee="3.20"))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def _line(order, title):
    return next(line for line in order.lines.all() if line.title == title)


def _balance(order, account):
    total = Entry.objects.filter(posting__source=order.ledger_source, account__slug=account).aggregate(
        total=Sum("amount")
    )["total"]
    return stored_total(total)  # SQLite sums decimals as floats


def _account_total(posting, account):
    """A posting's legs to one account, summed over its source lines."""
    return sum((e.amount for e in posting.entries.filter(account__slug=account)), usd(0))


def test_refund_one_line_of_three_reverses_exactly_its_amount(paid_order, stripe_fake):
    refund = services.order_refund(
        order=paid_order, quantities={_line(paid_order, "Candle").pk: 1}, reason="Broken"
    )

    [request] = stripe_fake.calls("POST", "/v1/refunds")
    assert request.flat["amount"] == "3000"
    assert refund.status == OrderRefund.Status.SUCCEEDED
    reversal = Posting.objects.get(source=paid_order.ledger_source, kind=f"refund:{refund.refund_id}")
    assert _account_total(reversal, "stripe-balance") == usd("-30.00")
    paid_order.refresh_from_db()
    assert paid_order.refunded_total == usd("30.00")
    assert paid_order.status == OrderStatus.PAID
    assert _line(paid_order, "Candle").refunded_quantity == 1


def test_partial_refund_by_odd_amount_keeps_ledger_exact(paid_order):
    services.order_refund(order=paid_order, amount=usd("33.33"), reason="Goodwill")

    # 100.00 paid - 3.20 fee - 33.33 refunded
    assert _balance(paid_order, "stripe-balance") == Decimal("63.47")
    revenue_left = Entry.objects.filter(posting__source=paid_order.ledger_source, role="revenue").aggregate(
        total=Sum("amount")
    )["total"]
    assert revenue_left == Decimal("-66.67")
    for posting in Posting.objects.filter(source=paid_order.ledger_source):
        assert sum(e.amount.amount for e in posting.entries.all()) == 0


def test_several_partial_refunds_adding_up_to_the_whole_refund_the_order(paid_order):
    services.order_refund(order=paid_order, amount=usd("33.33"), reason="a")
    services.order_refund(order=paid_order, amount=usd("33.33"), reason="b")
    services.order_refund(order=paid_order, amount=usd("33.34"), reason="c")

    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.REFUNDED
    for fund in ("survivor-wages", "materials", "operations"):
        revenue = Entry.objects.filter(
            posting__source=paid_order.ledger_source, account__slug=fund, role="revenue"
        ).aggregate(total=Sum("amount"))["total"]
        assert stored_total(revenue) == 0


def test_refund_more_than_left_is_refused_and_nothing_is_sent(paid_order, stripe_fake):
    services.order_refund(order=paid_order, amount=usd("90.00"), reason="a")

    with pytest.raises(OrderActionError, match="At most"):
        services.order_refund(order=paid_order, amount=usd("20.00"), reason="b")

    assert len(stripe_fake.calls("POST", "/v1/refunds")) == 1


def test_refund_quantity_beyond_line_is_refused(paid_order):
    with pytest.raises(OrderActionError):
        services.order_refund(order=paid_order, quantities={_line(paid_order, "Soap").pk: 2}, reason="x")


def test_refund_with_restock_returns_items_to_stock(paid_order):
    line = _line(paid_order, "Basket")
    before = ProductVariant.objects.get(pk=line.variant_id).stock

    services.order_refund(order=paid_order, quantities={line.pk: 1}, reason="Returned", restock=True)

    assert ProductVariant.objects.get(pk=line.variant_id).stock == before + 1


def test_refund_webhook_after_admin_refund_changes_nothing(client, paid_order, stripe_fake):
    refund = services.order_refund(order=paid_order, amount=usd("10.00"), reason="x")
    stripe_refund = stripe_fake.objects[refund.refund_id]

    send_event(client, "refund.created", stripe_refund)
    send_event(client, "refund.updated", stripe_refund)

    assert OrderRefund.objects.count() == 1
    assert Posting.objects.filter(source=paid_order.ledger_source, kind__startswith="refund").count() == 1


def test_refund_made_in_stripe_dashboard_is_recorded_and_reversed(client, paid_order, stripe_fake):
    refund = stripe_fake.put(
        sample(
            "refund",
            amount=2500,
            currency="usd",
            status="succeeded",
            payment_intent=paid_order.payment_intent_id,
            charge=paid_order.charge_id or None,
            metadata={},
        )
    )

    response, _ = send_event(client, "refund.created", refund)

    assert response.status_code == 200
    recorded = OrderRefund.objects.get(refund_id=refund["id"])
    assert recorded.from_dashboard
    assert recorded.amount == usd("25.00")
    paid_order.refresh_from_db()
    assert paid_order.refunded_total == usd("25.00")
    assert Posting.objects.filter(source=paid_order.ledger_source, kind=f"refund:{refund['id']}").exists()


def test_refund_that_fails_after_it_was_reported_is_mirrored_back(client, paid_order, stripe_fake):
    refund = services.order_refund(order=paid_order, amount=usd("40.00"), reason="x")
    stripe_refund = stripe_fake.objects[refund.refund_id]
    stripe_refund["status"] = "failed"
    stripe_refund["failure_reason"] = "expired_or_canceled_card"
    stripe_fake.put(stripe_refund)

    send_event(client, "refund.failed", stripe_refund)

    paid_order.refresh_from_db()
    refund.refresh_from_db()
    assert refund.status == OrderRefund.Status.FAILED
    assert paid_order.refunded_total == usd("0.00")
    assert Posting.objects.filter(
        source=paid_order.ledger_source, kind=f"refund-failed:{refund.refund_id}"
    ).exists()
    assert (
        _balance(paid_order, "survivor-wages")
        == _account_total(
            Posting.objects.get(source=paid_order.ledger_source, kind="payment"), "survivor-wages"
        ).amount
    )
    assert "failed after it was reported" in paid_order.notes.last().body


def test_provider_refusal_leaves_order_untouched_with_a_message(paid_order, stripe_fake):
    stripe_fake.fail("POST", "/v1/refunds", "server_error")

    with pytest.raises(OrderActionError, match="not made"):
        services.order_refund(order=paid_order, amount=usd("10.00"), reason="x")

    paid_order.refresh_from_db()
    assert paid_order.refunded_total == usd("0.00")
    assert not Posting.objects.filter(source=paid_order.ledger_source, kind__startswith="refund").exists()


def test_unpaid_order_cannot_be_refunded(client, stripe_fake, fast_checkout, shop_index):
    add_to_cart(client, variant_of(product_create()), 1)
    checkout(client)
    with pytest.raises(OrderActionError):
        services.order_refund(order=latest_order(), amount=usd("1.00"), reason="x")


def _dispute(order, *, amount=10000, fee=1500, status="needs_response", dispute_id=None):
    dispute = sample(
        "dispute",
        amount=amount,
        currency="usd",
        payment_intent=order.payment_intent_id,
        status=status,
        metadata={},
        balance_transactions=[{"amount": -amount - fee, "fee": fee, "currency": "usd"}] if fee else [],
    )
    if dispute_id:
        dispute["id"] = dispute_id
    return dispute


def test_dispute_funds_withdrawn_reverses_payment_and_books_the_fee_once(client, paid_order):
    dispute = _dispute(paid_order)

    send_event(client, "charge.dispute.created", {**dispute, "balance_transactions": []})
    send_event(client, "charge.dispute.funds_withdrawn", dispute)
    send_event(client, "charge.dispute.funds_withdrawn", dispute)

    reversal = Posting.objects.get(source=paid_order.ledger_source, kind=f"dispute:{dispute['id']}")
    assert _account_total(reversal, "stripe-balance") == usd("-100.00")
    fee = Posting.objects.get(source=paid_order.ledger_source, kind=f"dispute-fee:{dispute['id']}")
    assert _account_total(fee, "processing-fees") == usd("15.00")
    assert _balance(paid_order, "survivor-wages") == 0


def test_dispute_won_reinstates_funds(client, paid_order):
    dispute = _dispute(paid_order)
    send_event(client, "charge.dispute.funds_withdrawn", dispute)

    send_event(
        client, "charge.dispute.funds_reinstated", {**dispute, "status": "won", "balance_transactions": []}
    )
    send_event(client, "charge.dispute.closed", {**dispute, "status": "won", "balance_transactions": []})

    assert Posting.objects.filter(
        source=paid_order.ledger_source, kind=f"dispute-reinstated:{dispute['id']}"
    ).exists()
    payment_wages = _account_total(
        Posting.objects.get(source=paid_order.ledger_source, kind="payment"), "survivor-wages"
    ).amount
    assert _balance(paid_order, "survivor-wages") == payment_wages
    assert paid_order.disputes.get().status == "won"


def test_dispute_lost_keeps_the_reversal(client, paid_order):
    dispute = _dispute(paid_order)
    send_event(client, "charge.dispute.funds_withdrawn", dispute)

    send_event(client, "charge.dispute.closed", {**dispute, "status": "lost", "balance_transactions": []})

    assert _balance(paid_order, "survivor-wages") == 0
    assert paid_order.disputes.get().status == "lost"


def test_refunding_the_gift_line_hands_it_back_to_donations(
    client, stripe_fake, fast_checkout, shop_rules, shop_index, gift_calls
):
    add_to_cart(client, variant_of(product_create(price="40.00")), 1)
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10"})
    checkout(client)
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))
    gift_line = next(line for line in order.lines.all() if line.kind == "gift")

    refund = services.order_refund(order=order, quantities={gift_line.pk: 1}, reason="Changed mind")

    assert refund.gift_amount == usd("10.00")
    assert refund.goods_amount == usd("0.00")
    assert [c["event"] for c in gift_calls] == ["paid", "refunded"]
    assert gift_calls[1]["amount"] == usd("10.00")
    assert not Posting.objects.filter(source=order.ledger_source, kind__startswith="refund").exists()


def test_refund_arriving_before_the_payment_is_retried_and_then_applied_once(
    client, stripe_fake, fast_checkout, shop_rules, shop_index
):
    import io

    from django.core.management import call_command

    add_to_cart(client, variant_of(product_create(price="40.00")), 1)
    checkout(client)
    order = latest_order()
    session = paid_session(stripe_fake, order)
    refund = stripe_fake.put(
        sample(
            "refund",
            amount=1000,
            currency="usd",
            status="succeeded",
            payment_intent=session["payment_intent"],
            metadata={},
        )
    )

    early, _ = send_event(client, "refund.created", refund)
    send_event(client, "checkout.session.completed", session)
    call_command("stripe_replay_events", stdout=io.StringIO())
    call_command("stripe_replay_events", stdout=io.StringIO())

    order.refresh_from_db()
    assert early.status_code == 500
    assert order.refunded_total == usd("10.00")
    assert Posting.objects.filter(source=order.ledger_source, kind=f"refund:{refund['id']}").count() == 1


def test_gift_line_reaches_the_real_donations_handler_and_its_refund_too(
    client, stripe_fake, fast_checkout, shop_rules, shop_index
):
    from donations.models import Donation

    add_to_cart(client, variant_of(product_create(price="40.00")), 1)
    client.post("/shop/cart/gift/", {"add": "on", "amount": "10"})
    checkout(client)
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order))
    gift_line = next(line for line in order.lines.all() if line.kind == "gift")

    donation = Donation.objects.get(order_reference=order.number)
    assert donation.amount == usd("10.00")
    assert donation.line_reference == gift_line.reference

    services.order_refund(order=order, quantities={gift_line.pk: 1}, reason="Changed mind")

    assert donation.refunds.filter(booked=True).count() == 1


def test_refunding_a_discounted_line_returns_what_was_paid_for_it(
    client, stripe_fake, fast_checkout, shop_rules, shop_index
):
    add_to_cart(client, variant_of(product_create(title="Tote", price="40.00")), 2)
    checkout(client)
    order = latest_order()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, order, discount="8.00"))
    order.refresh_from_db()
    line = order.lines.get()

    first = services.order_refund(order=order, quantities={line.pk: 1}, reason="One returned")
    second = services.order_refund(order=order, quantities={line.pk: 1}, reason="Other returned")

    order.refresh_from_db()
    assert first.amount == usd("36.00")
    assert second.amount == usd("36.00")
    assert order.status == OrderStatus.REFUNDED
    assert _balance(order, "survivor-wages") == 0
