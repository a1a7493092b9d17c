"""Certificates as PDF (core.pdf): a learner's certificate and a business's "100 % trained" certificate."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.pdf import Document


class _Certificate(Document):
    def __init__(self, *, title: str, texts: tuple[str, ...]):
        super().__init__(title=title, texts=texts, orientation="landscape")
        self.set_draw_color(122, 46, 70)
        self.set_line_width(1.2)
        self.rect(10, 10, self.w - 20, self.h - 20)
        self.set_line_width(0.4)
        self.rect(14, 14, self.w - 28, self.h - 28)

    def centred(
        self, text: str, *, size: int, bold: bool = False, height: float = 10, gap: float = 0
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_x(20)
        self.multi_cell(self.w - 40, height, self.safe(text), align="C", new_x="LMARGIN", new_y="NEXT")
        if gap:
            self.ln(gap)


def _long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def certificate_pdf(certificate, *, organisation_name: str = "Hope Works", verify_url: str = "") -> bytes:
    document = _Certificate(
        title=f"Certificate {certificate.code}",
        texts=(certificate.name, certificate.course.certificate_title),
    )
    document.set_y(38)
    document.centred(organisation_name, size=14, gap=6)
    document.centred("Certificate of completion", size=30, bold=True, height=14, gap=8)
    document.centred("This certifies that", size=13, gap=2)
    document.centred(certificate.name, size=26, bold=True, height=13, gap=4)
    document.centred("has completed", size=13, gap=2)
    document.centred(certificate.course.certificate_title, size=18, bold=True, gap=8)
    document.centred(f"Date: {_long_date(timezone.localdate(certificate.issued_at))}", size=12)
    document.centred(f"Verification code: {certificate.code}", size=12)
    if verify_url:
        document.centred(f"Verify at {verify_url}", size=9, height=6)
    document.set_y(document.h - 32)
    document.centred(
        "National Human Trafficking Hotline: 1-888-373-7888 (call), 233733 (text). "
        "In immediate danger, call 911.",
        size=9,
        height=5,
    )
    return document.to_bytes()


def business_certificate_pdf(
    *, pledge, completed_on: dt.date, trained: int, organisation_name: str = "Hope Works"
) -> bytes:
    document = _Certificate(title=f"{pledge.name}: 100 % trained", texts=(pledge.name,))
    document.set_y(40)
    document.centred(organisation_name, size=14, gap=6)
    document.centred("100 % Human Trafficking Trained", size=30, bold=True, height=14, gap=8)
    document.centred("This certifies that every team member of", size=13, gap=2)
    document.centred(pledge.name, size=26, bold=True, height=13, gap=4)
    document.centred(
        f"has completed the anti-trafficking training ({trained} of {pledge.headcount} people).",
        size=13,
        gap=8,
    )
    document.centred(f"Completed on {_long_date(completed_on)}", size=12)
    return document.to_bytes()
