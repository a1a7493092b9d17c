"""PDFs (fpdf2): card inserts (one card per recipient with the message, initials and what each box
funded, from the booked legs once paid) and a company's yearly impact certificate."""

from __future__ import annotations

from django.utils import timezone

from core.pdf import Document, latin1
from shop.models import GiftOrder
from shop.selectors import gifts as gift_selectors
from shop.selectors.gift_impact import gift_boxes_claim
from shop.selectors.gift_pricing import PricingError


def _box_preview(gift: GiftOrder) -> str:
    """Before payment (a proof print), what one box would fund by the rules in force."""
    contents = gift_selectors.box_contents(box=gift.box, selections=gift.selections)
    try:
        price = gift_selectors.gift_price(gift=gift)
    except PricingError:
        return ""
    return gift_selectors.box_impact(
        box=gift.box, contents=contents, unit_goods=price.goods_total / gift.quantity
    )


def card_inserts_pdf(*, gift: GiftOrder) -> bytes:
    impact = gift_boxes_claim(gift=gift) or _box_preview(gift)
    # A6 postcards in the core fonts: anything outside Latin-1 is replaced, never failing the print run.
    pdf = Document(
        title=f"Gifts of Hope card inserts, order {gift.pk}",
        orientation="L",
        format=(105, 148),
        first_page=False,
    )
    for shipment in gift.shipments.all():
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        if gift.initials:
            pdf.cell(0, 12, latin1(gift.initials), new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(
            0,
            6,
            latin1(shipment.message or gift.message or "With our thanks."),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(0, 5, latin1(f"For {shipment.name}"), align="C", new_x="LMARGIN", new_y="NEXT")
        if impact:
            pdf.multi_cell(0, 5, latin1(f"This gift {impact}."), align="C", new_x="LMARGIN", new_y="NEXT")
    if not gift.shipments.exists():
        pdf.add_page()
        pdf.set_font("Helvetica", "", 12)
        pdf.cell(0, 10, "No recipients yet.")
    return pdf.to_bytes()


def impact_certificate_pdf(*, summary, organisation: str) -> bytes:
    """One A4 landscape page naming the company, the year and the units its boxes funded, read from
    the booked legs (`summary` is a selectors.gift_impact.CompanyYear)."""
    pdf = Document(
        title=latin1(f"Gifts of Hope impact certificate {summary.year}: {summary.key.company}"),
        orientation="L",
        format="A4",
    )
    pdf.set_author(latin1(organisation))
    pdf.set_draw_color(47, 93, 58)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(30)
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 8, "Gifts of Hope", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 28)
    pdf.cell(0, 16, "Certificate of Impact", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 8, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(0, 12, latin1(summary.key.company), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    boxes = f"{summary.boxes} Gifts of Hope box{'es' if summary.boxes != 1 else ''}"
    pdf.multi_cell(
        0,
        8,
        latin1(f"gave {boxes} in {summary.year}, which funded:"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 16)
    for phrase in summary.funded_phrases or ["the work of survivors of human trafficking"]:
        pdf.cell(0, 9, latin1(phrase), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 12)
    issued = timezone.localdate()
    pdf.cell(0, 8, f"Issued {issued.day} {issued:%B %Y}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(170)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        5,
        latin1(
            f"{organisation}. Figures are what the paid orders booked to each fund, net of any refund, "
            "as of the date of this certificate. Gift box purchases are not tax-deductible donations."
        ),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.to_bytes()
