"""Card inserts as a PDF (fpdf2): one card per recipient with the message, initials and what it funded."""

from __future__ import annotations

from fpdf import FPDF

from shop.models import GiftOrder
from shop.selectors import gifts as gift_selectors
from shop.selectors.gift_pricing import PricingError


def _latin(text: str) -> str:
    # The core fonts are Latin-1; anything else is replaced rather than failing the whole print run.
    return (text or "").encode("latin-1", "replace").decode("latin-1")


def card_inserts_pdf(*, gift: GiftOrder) -> bytes:
    contents = gift_selectors.box_contents(box=gift.box, selections=gift.selections)
    try:
        price = gift_selectors.gift_price(gift=gift)
        impact = gift_selectors.box_impact(
            box=gift.box, contents=contents, unit_goods=price.goods_total / gift.quantity
        )
    except PricingError:
        impact = ""
    pdf = FPDF(orientation="L", unit="mm", format=(105, 148))  # A6 postcard
    pdf.set_auto_page_break(auto=False)
    for shipment in gift.shipments.all():
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        if gift.initials:
            pdf.cell(0, 12, _latin(gift.initials), new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(
            0,
            6,
            _latin(shipment.message or gift.message or "With our thanks."),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(0, 5, _latin(f"For {shipment.name}"), align="C", new_x="LMARGIN", new_y="NEXT")
        if impact:
            pdf.multi_cell(0, 5, _latin(f"This gift {impact}."), align="C", new_x="LMARGIN", new_y="NEXT")
    if not gift.shipments.exists():
        pdf.add_page()
        pdf.set_font("Helvetica", "", 12)
        pdf.cell(0, 10, "No recipients yet.")
    return bytes(pdf.output())
