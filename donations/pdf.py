"""Receipt and annual statement PDFs (core.pdf: any donor name prints when DejaVu Sans is installed)."""

from __future__ import annotations

from core.money import money_format
from core.pdf import Document, is_latin1
from donations.receipt_rules import NO_GOODS_STATEMENT, QUID_PRO_QUO_DISCLOSURE


def _money(value) -> str:
    # The core Helvetica cannot print every currency sign; the code is always printable.
    text = money_format(value)
    return text if is_latin1(text) else f"{value.currency} {value.amount:,}"


class _Document(Document):
    def __init__(self, title: str, texts: tuple[str, ...] = ()):
        super().__init__(title=title, texts=texts, page_break_margin=18)

    def write_line(self, text: str, *, size: int = 10, bold: bool = False, height: float = 5.5) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, height, self.safe(text), new_x="LMARGIN", new_y="NEXT")

    def row(self, label: str, value: str) -> None:
        self.set_font(self.family, "B", 10)
        self.cell(55, 6.5, self.safe(label))
        self.set_font(self.family, "", 10)
        self.multi_cell(0, 6.5, self.safe(value), new_x="LMARGIN", new_y="NEXT")

    def header_block(self, *, name: str, address: str, ein: str) -> None:
        self.write_line(name, size=16, bold=True, height=8)
        if address:
            self.write_line(address, size=9)
        if ein:
            self.write_line(f"EIN {ein} · a tax-exempt organisation under section 501(c)(3)", size=9)
        self.ln(6)


def receipt_pdf(receipt) -> bytes:
    document = _Document(
        f"Receipt {receipt.number}",
        texts=(
            receipt.organisation_name,
            receipt.organisation_address,
            receipt.donor_name,
            receipt.donor_address,
            receipt.fund_label,
            receipt.description,
            receipt.benefit_description,
            receipt.signatory,
            receipt.void_reason,
        ),
    )
    document.header_block(
        name=receipt.organisation_name, address=receipt.organisation_address, ein=receipt.organisation_ein
    )
    if receipt.status == "void":
        document.set_text_color(180, 0, 0)
        document.write_line(f"VOID — {receipt.void_reason}", size=14, bold=True, height=8)
        document.set_text_color(0, 0, 0)
    document.write_line("Contribution receipt", size=13, bold=True, height=8)
    document.ln(2)
    document.row("Receipt number", receipt.number)
    document.row("Date of gift", receipt.gift_date.strftime("%B %-d, %Y"))
    document.row("Issued", receipt.issued_at.strftime("%B %-d, %Y"))
    document.row("Received from", receipt.donor_name)
    if receipt.donor_address:
        document.row("Address", receipt.donor_address)
    document.row("Amount received", _money(receipt.amount))
    document.row("Designated to", receipt.fund_label)
    if receipt.description:
        document.row("Description", receipt.description)
    document.ln(4)
    if receipt.has_benefit:
        document.row("Goods or services", receipt.benefit_description or "Benefits")
        document.row("Their fair market value", _money(receipt.benefit_fmv))
        document.row("Deductible amount", _money(receipt.deductible_amount))
        document.ln(2)
        if receipt.quid_pro_quo_disclosure:
            document.write_line(QUID_PRO_QUO_DISCLOSURE.format(organisation=receipt.organisation_name))
    else:
        document.row("Deductible amount", _money(receipt.deductible_amount))
        document.ln(2)
        document.write_line(NO_GOODS_STATEMENT)
    if receipt.replaces_id:
        document.ln(2)
        document.write_line(
            f"This receipt replaces receipt {receipt.replaces.number}, which is void.", size=9
        )
    document.ln(6)
    document.write_line("Thank you. Please keep this receipt for your tax records.")
    if receipt.signatory:
        document.ln(4)
        document.write_line(receipt.signatory, size=10, bold=True)
    return document.to_bytes()


def statement_pdf(statement) -> bytes:
    org = statement.organisation
    document = _Document(
        f"Giving statement {statement.year}",
        texts=(
            org.legal_name,
            org.address,
            statement.donor_name,
            statement.donor_address,
            *(line.fund for line in statement.lines),
        ),
    )
    document.header_block(name=org.legal_name, address=org.address, ein=org.ein)
    document.write_line(f"Giving statement for {statement.year}", size=13, bold=True, height=8)
    document.write_line(statement.donor_name)
    if statement.donor_address:
        document.write_line(statement.donor_address, size=9)
    document.ln(4)
    widths = (28, 32, 62, 34, 34)
    document.set_font(document.family, "B", 9)
    for width, title in zip(widths, ("Date", "Receipt", "Designation", "Amount", "Deductible"), strict=True):
        document.cell(width, 7, title, border="B")
    document.ln()
    document.set_font(document.family, "", 9)
    for line in statement.lines:
        cells = (
            line.date.strftime("%Y-%m-%d"),
            line.receipt_number,
            line.fund[:34],
            _money(line.amount),
            _money(line.deductible),
        )
        for width, value in zip(widths, cells, strict=True):
            document.cell(width, 6.5, document.safe(value))
        document.ln()
    document.set_font(document.family, "B", 9)
    document.cell(sum(widths[:3]), 7, "Total", border="T")
    document.cell(widths[3], 7, _money(statement.total), border="T")
    document.cell(widths[4], 7, _money(statement.deductible_total), border="T")
    document.ln(12)
    if statement.any_benefit:
        document.write_line(
            "Where a gift included goods or services, their fair market value is excluded from the "
            "deductible amount, as shown on that gift's receipt."
        )
    else:
        document.write_line(NO_GOODS_STATEMENT)
    return document.to_bytes()
