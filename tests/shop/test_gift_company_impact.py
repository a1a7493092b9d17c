"""What a company's gift boxes funded: per box on the confirmation, the year's page through a signed
link, and the impact certificate. Oracles are written from the rules' definitions below."""

from __future__ import annotations

import io
import re
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core import mail, signing
from pypdf import PdfReader

from shop import services
from shop.models import GiftOrder
from shop.selectors import gift_impact
from shop.services import gift_checkout, gift_orders
from shop.services.gift_recipients import Recipient, gift_recipients_replace
from tests.fixtures.gift_factories import classic_box_create
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import paid_session, send_event

pytestmark = pytest.mark.django_db
HOUR = Decimal("18.00")  # survivor wages' impact unit in the chart of accounts


def hours(cents: int) -> str:
    """The claim as a person reads it: hours rounded down to a tenth, "1 hour", "11.7 hours"."""
    value = (Decimal(cents) / 100 / HOUR).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    text = f"{value:f}".removesuffix(".0")
    return f"{text} hour{'' if text == '1' else 's'} of survivor wages"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def box(shop_index, shop_rules):
    """50.00 a box (10 % off from 4 boxes): 2 candles, and a 5.00 assembly share per box.

    Rules: candles 60 % survivor wages, the rest materials; the box's assembly all survivor wages.
    """
    candle = product_create(title="Candle", price="18.00", stock=200)
    rule_create(
        target="product",
        key=str(candle.pk),
        remainder="materials",
        percentages={"survivor-wages": Decimal(60)},
    )
    box = classic_box_create(
        components=[(variant_of(candle), 2)], price="50.00", assembly_share="5.00", bands=[(4, "10")]
    )
    rule_create(target="box", key=str(box.pk), remainder="survivor-wages")
    return box


def pay_gift(client, stripe_fake, box, *, boxes: int, company: str, email: str) -> GiftOrder:
    gift = gift_orders.gift_order_start(box=box, quantity=boxes)
    gift_recipients_replace(
        gift=gift,
        recipients=[
            Recipient(
                row=n + 2,
                name=f"Guest {n}",
                line1=f"{n} Main St",
                city="Austin",
                postal_code="73301",
                country="US",
            )
            for n in range(boxes)
        ],
    )
    gift_orders.gift_order_set_contact(gift=gift, company=company, contact_name="Ann", email=email)
    gift_checkout.gift_order_checkout(gift=gift, success_url="http://testserver/ok", cancel_url="http://t/no")
    gift.refresh_from_db()
    send_event(client, "checkout.session.completed", paid_session(stripe_fake, gift.order, shipping="28.50"))
    gift.refresh_from_db()
    assert gift.status == GiftOrder.Status.PAID
    return gift


# Oracle, from the rules: 3 boxes at 50.00 = 150.00; assembly 3 x 5.00 = 15.00 to wages; the 135.00
# left is the candle line, 60 % to wages = 81.00. Wages 96.00, i.e. 32.00 a box.
A_WAGES = 1500 + 8100
# 4 boxes at 45.00 (the band) = 180.00; assembly 20.00; 160.00 of candles, 60 % = 96.00. Wages 116.00.
B_WAGES = 2000 + 9600


@pytest.fixture
def acme(client, stripe_fake, box, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation emails go out
        return _acme(client, stripe_fake, box)


def _acme(client, stripe_fake, box):
    a = pay_gift(client, stripe_fake, box, boxes=3, company="Acme Corp", email="ann@acme.test")
    b = pay_gift(client, stripe_fake, box, boxes=4, company="ACME  Corp", email="bob@acme.test")
    # Same name, another organisation's domain: never on Acme's page.
    pay_gift(client, stripe_fake, box, boxes=2, company="Acme Corp", email="eve@other.test")
    # Acme's own order not paid yet: not counted.
    unpaid = gift_orders.gift_order_start(box=box, quantity=5)
    gift_orders.gift_order_set_contact(
        gift=unpaid, company="Acme Corp", contact_name="A", email="ann@acme.test"
    )
    return a, b


def test_the_confirmation_page_and_email_say_what_each_box_funded(client, acme):
    a, b = acme
    page = text_of(client.get(f"/shop/orders/{a.order.token}/").content.decode())
    assert f"Each of your 3 Gifts of Hope boxes funds about {hours(A_WAGES // 3)}." in page
    page = text_of(client.get(f"/shop/orders/{b.order.token}/").content.decode())
    assert f"Each of your 4 Gifts of Hope boxes funds about {hours(B_WAGES // 4)}." in page
    email = next(m for m in mail.outbox if a.order.number in m.subject)
    assert f"Each of your 3 Gifts of Hope boxes funds about {hours(A_WAGES // 3)}." in email.body
    review = text_of(client.get(f"/gifts/{a.token}/review/").content.decode())
    assert f"Each of your 3 boxes funds about {hours(A_WAGES // 3)}." in review


def test_the_company_page_shows_the_years_orders_and_what_they_funded_together(client, acme):
    a, b = acme
    token = gift_impact.company_impact_token(gift=a)
    response = client.get(f"/gifts/impact/{token}/", follow=True)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    page = text_of(response.content.decode())
    assert "What your 7 boxes funded" in page
    assert f"{hours(A_WAGES + B_WAGES)} (Survivor wages, $212.00)" in page
    assert a.order.number in page
    assert b.order.number in page
    other = GiftOrder.objects.get(email="eve@other.test")
    assert other.order.number not in page
    assert f"{hours(A_WAGES // 3)}" in page  # per box, order A

    # A refund of one box's assembly (5.00 of wages) lowers what Acme's year claims.
    assembly = a.order.lines.get(box_id=a.box_id)
    services.order_refund(order=a.order, quantities={assembly.pk: 1}, reason="One box lost in transit")
    page = text_of(client.get(response.redirect_chain[-1][0]).content.decode())
    assert f"{hours(A_WAGES + B_WAGES - 500)} (Survivor wages, $207.00)" in page


def test_the_certificate_names_the_company_the_year_and_the_funded_units(client, acme):
    a, _b = acme
    token = gift_impact.company_impact_token(gift=a)
    year = a.order.paid_at.year
    response = client.get(f"/gifts/impact/{token}/{year}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Certificate of Impact" in text
    assert "Acme Corp" in text
    assert f"gave 7 Gifts of Hope boxes in {year}" in text
    assert hours(A_WAGES + B_WAGES) in text


def test_a_tampered_expired_or_foreign_link_shows_nothing(client, acme, monkeypatch):
    a, _b = acme
    token = gift_impact.company_impact_token(gift=a)
    year = a.order.paid_at.year
    assert client.get(f"/gifts/impact/{token[:-2]}xx/{year}/").status_code == 404
    assert client.get(f"/gifts/impact/{'A' * 700}/{year}/").status_code == 404
    forged = signing.dumps({"c": "Acme Corp", "d": "acme.test"}, salt="another-salt")
    assert client.get(f"/gifts/impact/{forged}/{year}/").status_code == 404
    assert client.get(f"/gifts/impact/{token}/1999/").status_code == 404
    assert client.get(f"/gifts/impact/{token}/{year + 1}/").status_code == 404
    # A year with no paid order: an empty page, and no certificate to download.
    assert "No paid Gifts of Hope orders" in client.get(f"/gifts/impact/{token}/{year - 1}/").content.decode()
    assert client.get(f"/gifts/impact/{token}/{year - 1}/certificate.pdf").status_code == 404

    import time

    later = time.time() + gift_impact.COMPANY_LINK_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(f"/gifts/impact/{token}/{year}/").status_code == 404


def test_an_order_without_company_or_email_domain_gets_no_company_link(box):
    gift = gift_orders.gift_order_start(box=box, quantity=1)
    assert gift_impact.company_impact_token(gift=gift) == ""
    gift_orders.gift_order_set_contact(gift=gift, company="  ", contact_name="A", email="a@example.org")
    assert gift_impact.company_impact_token(gift=gift) == ""
