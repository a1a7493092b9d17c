"""Quotes become Stripe invoices (send_invoice, net terms); invoice webhooks fulfil or lapse them."""

import pytest

from core.money import to_minor_units
from ledger.models import Posting
from shop.errors import GiftError
from shop.models import GiftOrder, GiftQuote, GiftsSettings, ProductVariant
from shop.models.orders import OrderStatus, StockState
from shop.services import gift_checkout, gift_orders, gift_quotes
from shop.services.gift_recipients import Recipient, gift_recipients_replace
from tests.fixtures.gift_factories import classic_box_create
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(shop_index, shop_rules):
    candle = variant_of(product_create(title="Candle", price="18.00", stock=500))
    box = classic_box_create(
        components=[(candle, 2)], price="45.00", minimum_quantity=25, bands=[(100, "10")]
    )
    gift = gift_orders.gift_order_start(box=box, quantity=200)
    gift_recipients_replace(
        gift=gift,
        recipients=[
            Recipient(
                row=2, name="Front desk", line1="1 Plaza", city="Austin", postal_code="73301", country="US"
            )
        ],
    )
    gift_orders.gift_order_set_contact(
        gift=gift, company="Acme Corp", contact_name="Ann", email="ann@acme.test"
    )
    with pytest.raises(GiftError, match="request a quote"):
        gift_checkout.gift_order_checkout(gift=gift, success_url="http://t/ok", cancel_url="http://t/no")
    return gift_quotes.gift_quote_request(gift=gift, note="Delivery before Dec 10 please")


def test_staff_send_a_net_terms_invoice_that_reserves_the_stock(stripe_fake, quote):
    sent = gift_quotes.gift_quote_send_invoice(quote=quote, unit_price=usd("39.00"), days_until_due=45)

    invoice_create = stripe_fake.calls("POST", "/v1/invoices")[0]
    assert invoice_create.params["collection_method"] == "send_invoice"
    assert invoice_create.params["days_until_due"] == "45"
    assert invoice_create.params["metadata"]["kind"] == "order"
    amounts = sorted(int(call.params["amount"]) for call in stripe_fake.calls("POST", "/v1/invoiceitems"))
    assert amounts == [780000]  # 200 x 39.00, no customisation chosen
    assert stripe_fake.calls("POST", r"/v1/invoices/\w+/send")
    assert sent.status == GiftQuote.Status.INVOICED
    assert sent.invoice_total == usd("7809.50")  # plus one shipment at 9.50
    assert ProductVariant.objects.get().stock == 100  # 400 candles held for the invoice
    assert sent.gift_order.order.stock_state == StockState.RESERVED


def _paid_invoice(stripe_fake, quote):
    invoice = stripe_fake.objects[quote.invoice_id]
    session = stripe_fake.paid_checkout(kind="order", reference="unused", amount_total=quote.invoice_total)
    invoice.update(
        status="paid",
        amount_paid=to_minor_units(quote.invoice_total),
        payments={"data": [{"payment": {"payment_intent": session["payment_intent"]}}]},
    )
    return invoice


def test_invoice_paid_fulfils_the_order_once_even_when_delivered_twice(client, stripe_fake, quote):
    quote = gift_quotes.gift_quote_send_invoice(quote=quote)
    invoice = _paid_invoice(stripe_fake, quote)
    event = make_event("invoice.paid", invoice)
    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, event).status_code == 200  # the same delivery again
    assert post_webhook(client, make_event("invoice.paid", invoice)).status_code == 200  # a second event

    quote.refresh_from_db()
    order = quote.gift_order.order
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.stock_state == StockState.COMMITTED
    assert quote.status == GiftQuote.Status.PAID
    assert quote.gift_order.status == GiftOrder.Status.PAID
    postings = Posting.objects.filter(source=order.ledger_source, kind="payment")
    assert postings.count() == 1
    # One gross leg per line (the boxes' components, assembly, shipping): together what the invoice took.
    gross = [entry.amount.amount for entry in postings.get().entries.filter(role="gross")]
    assert sum(gross) == usd("8109.50").amount  # 200 x 40.50 + 9.50
    assert ProductVariant.objects.get().stock == 100


def test_overdue_is_listed_and_a_voided_invoice_gives_the_stock_back(client, stripe_fake, quote):
    quote = gift_quotes.gift_quote_send_invoice(quote=quote)
    invoice = stripe_fake.objects[quote.invoice_id]
    post_webhook(client, make_event("invoice.overdue", invoice))
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.OVERDUE
    assert ProductVariant.objects.get().stock == 100  # still held while overdue
    assert list(GiftQuote.objects.filter(status=GiftQuote.Status.OVERDUE)) == [quote]

    post_webhook(client, make_event("invoice.voided", {**invoice, "status": "void"}))
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.VOID
    assert ProductVariant.objects.get().stock == 500
    assert quote.gift_order.order.status == OrderStatus.EXPIRED


def test_marked_uncollectible_closes_the_quote(client, stripe_fake, quote):
    quote = gift_quotes.gift_quote_send_invoice(quote=quote)
    post_webhook(client, make_event("invoice.marked_uncollectible", stripe_fake.objects[quote.invoice_id]))
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.UNCOLLECTIBLE
    assert ProductVariant.objects.get().stock == 500


def test_a_stripe_failure_while_sending_leaves_the_quote_open_and_the_stock_free(stripe_fake, quote):
    stripe_fake.fail("POST", "/v1/invoices", "card_declined")
    with pytest.raises(GiftError):
        gift_quotes.gift_quote_send_invoice(quote=quote)
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.REQUESTED
    assert ProductVariant.objects.get().stock == 500
    assert GiftsSettings.load().quote_min_quantity == 100


def _pay_invoice(stripe_fake, invoice_id, amount, fee):
    """Stripe marks the invoice paid by a PaymentIntent whose charge carries `fee`."""
    invoice = stripe_fake.objects[invoice_id]
    session = stripe_fake.paid_checkout(kind="order", reference="unused", amount_total=amount, fee=fee)
    invoice.update(
        status="paid",
        amount_paid=to_minor_units(amount),
        payments={"data": [{"payment": {"payment_intent": session["payment_intent"]}}]},
    )
    return invoice


def test_a_deposit_invoice_fulfils_nothing_and_the_paid_balance_fulfils_once(
    client, stripe_fake, quote, django_capture_on_commit_callbacks
):
    sent = gift_quotes.gift_quote_send_invoice(quote=quote, deposit_percent="30")
    # Oracle: 200 boxes at 45.00 less 10 % = 8,100.00, plus one shipment at 9.50 = 8,109.50;
    # 30 % of it = 2,432.85 now, the balance 5,676.65 later.
    [deposit_item] = stripe_fake.calls("POST", "/v1/invoiceitems")
    assert deposit_item.params["amount"] == "243285"
    assert sent.deposit_total == usd("2432.85")
    assert sent.invoice_id == ""
    assert ProductVariant.objects.get().stock == 100  # the stock is held from the deposit invoice on

    deposit = _pay_invoice(stripe_fake, sent.deposit_invoice_id, usd("2432.85"), fee=usd("70.85"))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, make_event("invoice.paid", deposit)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, make_event("invoice.paid", deposit)).status_code == 200  # again
    sent.refresh_from_db()
    order = sent.gift_order.order
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING  # a deposit fulfils nothing
    assert not Posting.objects.filter(source=order.ledger_source).exists()
    assert sent.gift_order.status == GiftOrder.Status.INVOICED
    assert sent.deposit_paid == usd("2432.85")

    # The balance invoice went out once, with the deposit as a negative line.
    balance_items = sorted(int(c.params["amount"]) for c in stripe_fake.calls("POST", "/v1/invoiceitems"))
    assert balance_items == [-243285, 243285, 810000]
    assert len(stripe_fake.calls("POST", r"/v1/invoices/\w+/send")) == 2
    assert sent.invoice_total == usd("5676.65")

    balance = _pay_invoice(stripe_fake, sent.invoice_id, usd("5676.65"), fee=usd("8.00"))
    event = make_event("invoice.paid", balance)
    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, make_event("invoice.paid", balance)).status_code == 200
    order.refresh_from_db()
    sent.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.total == usd("8109.50")
    assert sent.status == GiftQuote.Status.PAID
    posting = Posting.objects.get(source=order.ledger_source, kind="payment")
    gross = sum(entry.amount.amount for entry in posting.entries.filter(role="gross"))
    assert gross == usd("8109.50").amount  # deposit and balance booked together, once
    fees = sum(entry.amount.amount for entry in posting.entries.filter(role="fee"))
    assert fees == usd("78.85").amount
    assert ProductVariant.objects.get().stock == 100


@pytest.mark.parametrize("percent", ["0", "95", "-10"])
def test_a_deposit_outside_1_to_90_percent_is_refused_and_nothing_is_sent(stripe_fake, quote, percent):
    with pytest.raises(GiftError, match="1 to 90"):
        gift_quotes.gift_quote_send_invoice(quote=quote, deposit_percent=percent)
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.REQUESTED
    assert not stripe_fake.calls("POST", "/v1/invoices")
    assert ProductVariant.objects.get().stock == 500


def test_an_invoice_unpaid_past_its_terms_lapses_and_gives_the_stock_back(stripe_fake, quote):
    import datetime as dt

    from shop.services import orders_release_expired

    quote = gift_quotes.gift_quote_send_invoice(quote=quote, days_until_due=30)
    assert orders_release_expired() == 0  # within its terms: still held
    assert ProductVariant.objects.get().stock == 100
    later = quote.gift_order.order.reserved_until + dt.timedelta(minutes=1)
    assert orders_release_expired(now=later) == 1
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.LAPSED
    assert ProductVariant.objects.get().stock == 500
