"""The Gifts of Hope pages end to end through the web client: box page, customise, CSV, pay, staff tools."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from ledger.models import Posting
from shop.models import GiftOrder, LogoProof, ProductVariant
from shop.services import gift_proofs
from tests.fixtures.gift_factories import classic_box_create, gifts_index_create, palette_create
from tests.fixtures.ledger_factories import rule_create
from tests.fixtures.shop_factories import product_create, variant_of
from tests.fixtures.shop_helpers import paid_session, send_event

pytestmark = pytest.mark.django_db
HEADER = "name,company,address_line_1,address_line_2,city,region,postal_code,country,email,message\r\n"


@pytest.fixture
def box(shop_index, shop_rules):
    candle = variant_of(product_create(title="Soy candle", price="18.00", stock=40, labour_minutes=30))
    rule_create(
        target="product",
        key=str(candle.product_id),
        remainder="operations",
        percentages={"survivor-wages": 50},
    )
    return classic_box_create(
        components=[(candle, 2)], title="Thank-you box", price="40.00", bands=[(25, "10")]
    )


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "teal").save(out, format="PNG")
    return out.getvalue()


def staff(name, group_name, perms=()):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw-123456-xyz")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_the_index_and_box_pages_show_prices_bands_and_what_a_box_funds(client, box):
    index = client.get(gifts_index_create().url)
    assert index.status_code == 200
    assert "Thank-you box" in index.text
    page = client.get(box.url)
    assert page.status_code == 200
    # Oracle: 50 % of the 40.00 box to survivor wages = 20.00; an hour costs 18.00 -> 1.1 hours (rounded down).
    assert "Each box funds about 1.1 hours of survivor wages." in page.text
    assert "Each box funds about 1.1 hours of survivor wages." in index.text
    assert "25+" in page.text
    assert "$36.00" in page.text


def test_a_customer_builds_customises_uploads_recipients_and_pays_once(client, stripe_fake, box):
    sage, blush, _ = palette_create()
    response = client.post("/gifts/start/", {"box": box.pk, "quantity": "3"})
    gift = GiftOrder.objects.get()
    assert response.url == f"/gifts/{gift.token}/customise/"

    svg = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    refused = client.post(response.url, {"ribbon": sage.pk, "initials": "ACM", "logo": svg, "action": "next"})
    assert refused.status_code == 400
    assert "SVG files are not accepted" in refused.text

    logo = SimpleUploadedFile("logo.whatever", png())
    client.post(
        response.url,
        {
            "ribbon": sage.pk,
            "card": blush.pk,
            "initials": "acm",
            "message": "Thank you!",
            "logo": logo,
            "action": "next",
        },
    )
    gift.refresh_from_db()
    assert (gift.ribbon, gift.card, gift.initials, gift.logo_status) == (sage, blush, "ACM", "pending")
    preview = client.get(response.url)
    assert "Sage" in preview.text and "Thank you!" in preview.text  # noqa: PT018

    bad = HEADER + "Ann,,1 Main,,Austin,TX,ABCDE,US,,\r\n"
    page = client.post(f"/gifts/{gift.token}/recipients/", {"csv": SimpleUploadedFile("r.csv", bad.encode())})
    assert page.status_code == 400
    assert "Row 2: postal code &#x27;ABCDE&#x27; is not valid for US" in page.text
    assert not gift.shipments.exists()

    good = HEADER + "".join(f"P{i},Acme,{i} Main,,Austin,TX,73301,US,,Hi {i}\r\n" for i in range(3))
    client.post(f"/gifts/{gift.token}/recipients/", {"csv": SimpleUploadedFile("r.csv", good.encode())})
    assert gift.shipments.count() == 3

    review = client.post(
        f"/gifts/{gift.token}/review/",
        {"company": "Acme", "name": "Ann", "email": "ann@acme.test", "action": "pay"},
    )
    assert review.status_code == 302
    gift.refresh_from_db()
    assert gift.status == GiftOrder.Status.CHECKOUT
    # 3 x 40.00 + colours 0 + logo 3 x 1.50 + 35 setup + initials 3 x 1.00 + message 3 x 0.50
    assert gift.order.goods_total.amount == 120 + 4.5 + 35 + 3 + 1.5
    assert ProductVariant.objects.get().stock == 34

    session = paid_session(stripe_fake, gift.order, shipping="28.50")
    send_event(client, "checkout.session.completed", session)
    send_event(client, "checkout.session.completed", session)
    gift.refresh_from_db()
    assert gift.status == GiftOrder.Status.PAID
    assert Posting.objects.filter(source=gift.order.ledger_source).count() == 1


def test_staff_tools_are_for_shop_managers_only(client, box):
    client.post("/gifts/start/", {"box": box.pk, "quantity": "1"})
    gift = GiftOrder.objects.get()
    client.post(
        f"/gifts/{gift.token}/customise/", {"logo": SimpleUploadedFile("l.png", png()), "action": "next"}
    )
    rows = HEADER + '"=HYPERLINK(""http://x"",""y"")",,1 Main,,Austin,TX,73301,US,,\r\n'
    client.post(f"/gifts/{gift.token}/recipients/", {"csv": SimpleUploadedFile("r.csv", rows.encode())})

    assert client.get(f"/gifts/staff/logo/{gift.pk}/").status_code in (302, 403)
    client.force_login(staff("editor", "Editors"))
    assert client.get(f"/gifts/staff/logo/{gift.pk}/").status_code == 403
    client.force_login(staff("manager", "Shop managers"))
    logo = client.get(f"/gifts/staff/logo/{gift.pk}/")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"

    export = client.get(f"/admin/shop_gift_order/shipments/{gift.pk}/")
    body = b"".join(export.streaming_content).decode()
    assert "'=HYPERLINK" in body

    cards = client.get(f"/admin/shop_gift_order/cards/{gift.pk}/")
    assert len(PdfReader(io.BytesIO(cards.content)).pages) == 1

    client.post(f"/admin/shop_gift_order/proof/{gift.pk}/", {"proof": SimpleUploadedFile("p.png", png())})
    proof = LogoProof.objects.get()
    token = gift_proofs.proof_token(proof)
    client.logout()
    assert client.get(f"/gifts/proof/{token}x/").status_code == 404
    assert client.post(f"/gifts/proof/{token}/", {"decision": "approve"}).status_code == 302
    proof.refresh_from_db()
    gift.refresh_from_db()
    assert proof.decision == LogoProof.Decision.APPROVED
    assert proof.decided_at is not None
    assert gift.production_allowed
