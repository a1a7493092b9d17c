"""In Chromium: a company builds a box (live price), chooses colours, uploads a logo and a
3-recipient CSV and pays through the demo gateway; a 200-box quote is invoiced by staff and a
signed `invoice.paid` webhook, delivered twice, fulfils it once."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from payments.money import to_minor_units
from PIL import Image
from playwright.sync_api import expect

from ledger.models import Posting
from shop.models import GiftOrder, GiftQuote, ProductVariant
from shop.models.orders import OrderStatus
from tests.fixtures.gift_factories import build_box_create, classic_box_create, palette_create
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, usd, variant_of
from tests.fixtures.stripe import make_event, sign_payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "name,company,address_line_1,address_line_2,city,region,postal_code,country,email,message\r\n"
    "Jordan Lee,Acme,100 Main St,,Springfield,IL,62701,US,jordan@acme.test,Thank you Jordan!\r\n"
    "Sam Ortiz,Acme,200 Oak Ave,Suite 2,Austin,TX,73301,US,,Thank you Sam!\r\n"
    "Priya Nair,Acme,300 Pine Rd,,Seattle,WA,98101,US,,\r\n"
)


def png_logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 120), (47, 93, 58)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def gift_boxes_rule(shop_rules):
    """Gift boxes' own default: 40 % of every box line to survivor wages, the rest operations."""
    return rule_create(
        target="default",
        key="gift_boxes",
        remainder="operations",
        percentages={"survivor-wages": Decimal(40)},
    )


def test_build_a_box_customise_it_upload_recipients_and_pay(page, live_server, shop_index, gift_boxes_rule):
    candle = variant_of(product_create(title="Soy candle", price="18.00", stock=30, labour_minutes=30))
    scarf = variant_of(product_create(title="Woven scarf", price="32.00", stock=30, labour_minutes=90))
    sold_out = variant_of(product_create(title="Sold-out soap", price="8.00", stock=0))
    box = build_box_create(choices=[candle, scarf, sold_out])
    palette_create()
    # Gift boxes' own default: 40 % of every box line to survivor wages.
    rule_create(
        target="default",
        key="gift_boxes",
        remainder="operations",
        percentages={"survivor-wages": Decimal(40)},
    )

    page.goto(box.url)
    expect(page.get_by_label(re.compile("Sold-out soap"))).to_be_disabled()
    page.get_by_label(re.compile("Soy candle")).fill("2")
    page.get_by_label(re.compile("Woven scarf")).fill("1")
    page.get_by_label("Number of boxes").fill("3")
    # Live: Small box 20.00 + 2 x 18.00 + 32.00 = 88.00 a box, 264.00 for three.
    expect(page.locator("[data-estimate-price]")).to_contain_text("$88.00 per box")
    expect(page.locator("[data-estimate-price]")).to_contain_text("$264.00 for 3")
    expect(page.locator("[data-estimate-impact]")).to_contain_text("survivor wages")
    page.get_by_label(re.compile("Woven scarf")).fill("2")  # four items in three slots
    expect(page.locator("[data-slots-left]")).to_contain_text("remove 1")
    expect(page.get_by_role("button", name="Customise this box")).to_be_disabled()
    page.get_by_label(re.compile("Woven scarf")).fill("1")
    page.get_by_role("button", name="Customise this box").click()

    page.get_by_role("group", name="Ribbon colour").get_by_label("Sage").check()
    page.get_by_role("group", name="Card colour").get_by_label("Blush").check()
    page.get_by_label(re.compile("Initials")).fill("ACM")
    page.get_by_label(re.compile("Card message")).fill("Thank you for a wonderful year!")
    page.get_by_label(re.compile("Your logo")).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_logo()}
    )
    page.get_by_role("button", name="Continue to recipients").click()

    page.get_by_label("Recipients file (CSV)").set_input_files(
        {"name": "recipients.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
    )
    page.get_by_role("button", name="Check and upload").click()
    page.wait_for_url(re.compile(r".*/review/$"))
    expect(page.get_by_text("3 recipient(s) added.")).to_be_visible()

    page.get_by_label("Company", exact=True).fill("Acme")
    page.get_by_label("Your name").fill("Ann Office")
    page.get_by_label("Email", exact=True).fill("ann@acme.test")
    page.get_by_role("button", name=re.compile(r"Pay \$.* by card")).click()
    page.get_by_role("button", name="Pay (demo)").click()

    page.wait_for_url(re.compile(r".*/shop/orders/.+/"))
    expect(page.get_by_test_id("order-status")).to_contain_text("Paid")
    expect(page.get_by_test_id("order-box-impact")).to_contain_text(
        re.compile(r"Each of your 3 Gifts of Hope boxes funds about [\d.]+ hours? of survivor wages")
    )
    gift = GiftOrder.objects.get()
    assert gift.status == GiftOrder.Status.PAID
    assert (gift.ribbon.name, gift.card.name, gift.initials) == ("Sage", "Blush", "ACM")
    assert gift.logo_content_type == "image/png"
    assert sorted(gift.shipments.values_list("name", flat=True)) == ["Jordan Lee", "Priya Nair", "Sam Ortiz"]
    assert ProductVariant.objects.get(pk=candle.pk).stock == 24
    assert ProductVariant.objects.get(pk=scarf.pk).stock == 27

    page.get_by_test_id("company-impact-link").click()
    expect(page.get_by_test_id("company-funded")).to_contain_text("What your 3 boxes funded")


def test_a_200_box_quote_is_invoiced_by_staff_and_paid_once_by_a_twice_delivered_webhook(
    page, live_server, shop_index, gift_boxes_rule, stripe_fake
):
    candle = variant_of(product_create(title="Soy candle", price="18.00", stock=500))
    box = classic_box_create(
        components=[(candle, 2)], price="45.00", minimum_quantity=25, bands=[(100, "10")], title="Speaker Box"
    )

    page.goto(box.url)
    page.get_by_label("Number of boxes").fill("200")
    page.get_by_role("button", name="Customise this box").click()
    page.get_by_role("button", name="Continue to recipients").click()
    page.get_by_label("Name", exact=True).fill("Event logistics")
    page.get_by_label("Address line 1").fill("400 Convention Way")
    page.get_by_label("City").fill("Denver")
    page.get_by_label("State / province").fill("CO")
    page.get_by_label("Postal code").fill("80202")
    page.get_by_label("Country", exact=True).select_option("US")
    page.get_by_role("button", name="Use this address").click()
    page.get_by_label("Company", exact=True).fill("Initech")
    page.get_by_label("Your name").fill("Pat Events")
    page.get_by_label("Email", exact=True).fill("pat@initech.test")
    expect(page.get_by_role("button", name=re.compile("by card"))).to_have_count(0)  # too large for a card
    page.get_by_role("button", name="Request a quote and invoice").click()
    expect(page.get_by_text(re.compile(r"quote Q-\w+ requested"))).to_be_visible()
    quote = GiftQuote.objects.get()
    review_url = page.url

    get_user_model().objects.create_superuser("finance", "f@example.org", "pw-123456-xyz")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("finance")
    page.get_by_label("Password").fill("pw-123456-xyz")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(reverse("shop_gift_quote:inspect", args=[quote.pk]))
    page.get_by_label("Days until due").fill("45")
    page.get_by_role("button", name="Send Stripe invoice").click()
    expect(page.get_by_text(f"Invoice sent for quote {quote.number}.")).to_be_visible()
    quote.refresh_from_db()
    assert quote.status == GiftQuote.Status.INVOICED
    assert quote.invoice_total == usd("8109.50")  # 200 x 40.50 + one shipment at 9.50
    assert ProductVariant.objects.get().stock == 100  # held for the invoice

    invoice = stripe_fake.objects[quote.invoice_id]
    paid = stripe_fake.paid_checkout(kind="order", reference="unused", amount_total=quote.invoice_total)
    invoice.update(
        status="paid",
        amount_paid=to_minor_units(quote.invoice_total),
        payments={"data": [{"payment": {"payment_intent": paid["payment_intent"]}}]},
    )
    body = json.dumps(make_event("invoice.paid", invoice))
    for _delivery in range(2):  # Stripe retries: the same signed event twice
        response = page.request.post(
            f"{live_server.url}/stripe/webhook/",
            data=body,
            headers={"Content-Type": "application/json", "Stripe-Signature": sign_payload(body)},
        )
        assert response.status == 200
    quote.refresh_from_db()
    order = quote.gift_order.order
    assert quote.status == GiftQuote.Status.PAID
    assert order.status == OrderStatus.PAID
    assert Posting.objects.filter(source=order.ledger_source, kind="payment").count() == 1
    assert ProductVariant.objects.get().stock == 100

    page.goto(review_url)
    expect(page.get_by_text(re.compile(r"Paid — thank you! Order"))).to_be_visible()
    expect(page.get_by_test_id("review-box-impact")).to_contain_text("Each of your 200 boxes funds about")
