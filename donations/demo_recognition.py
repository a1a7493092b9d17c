"""Demo sponsors on the gala (logos drawn with Pillow, approved) and a leader for each circle, so the
event page credits its sponsors and the leaders' screens have members to show. Idempotent."""

from __future__ import annotations

import io
import math

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from donations.models import CircleLeader, CircleMembership, Donation, Donor, GiftKind, Sponsor
from donations.services import donation_confirm, donor_get_or_create
from donations.services import sponsors as sponsor_services

# (company, contact email, tier name, colours, mark)
SPONSORS = [
    ("Riverbend Bank", "giving@riverbend.example", "Hope sponsor", ("#1d4e89", "#f2a541"), "wave"),
    ("Northwind Coffee", "hello@northwind.example", "Hope sponsor", ("#5b3a29", "#e9c46a"), "bean"),
    ("Lumen Studio", "studio@lumen.example", "Logo sponsor", ("#2a9d8f", "#264653"), "sun"),
    ("Oak & Iron Builders", "office@oakiron.example", "Logo sponsor", ("#6a994e", "#386641"), "leaf"),
]
LEADERS = {"circle-of-sisters": "maya.angelou", "band-of-brothers": "marcus.garvey"}


def _font(size: int, bold: bool = True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        try:
            return ImageFont.truetype(f"{folder}/{name}", size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _mark(draw: ImageDraw.ImageDraw, kind: str, box, main, accent) -> None:
    x0, y0, x1, y1 = box
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
    if kind == "wave":
        draw.ellipse(box, fill=main)
        for offset in (-0.25, 0.15):
            points = [
                (cx - r * 0.8 + t * r * 1.6 / 40, cy + r * offset + math.sin(t / 40 * 2 * math.pi) * r * 0.15)
                for t in range(41)
            ]
            draw.line(points, fill=accent, width=int(r * 0.16))
    elif kind == "bean":
        draw.ellipse((cx - r * 0.7, y0, cx + r * 0.7, y1), fill=main)
        draw.arc(
            (cx - r * 0.5, y0 + r * 0.1, cx + r * 0.5, y1 - r * 0.1),
            290,
            70,
            fill=accent,
            width=int(r * 0.14),
        )
    elif kind == "sun":
        for i in range(12):
            angle = i * math.pi / 6
            draw.line(
                (
                    cx + math.cos(angle) * r * 0.55,
                    cy + math.sin(angle) * r * 0.55,
                    cx + math.cos(angle) * r,
                    cy + math.sin(angle) * r,
                ),
                fill=accent,
                width=int(r * 0.12),
            )
        draw.ellipse((cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), fill=main)
    else:
        draw.polygon([(cx, y0), (x1, cy), (cx, y1), (x0, cy)], fill=main)
        draw.line((cx, y0 + r * 0.3, cx, y1 - r * 0.3), fill=accent, width=int(r * 0.12))


def demo_logo(name: str, colours, mark: str) -> bytes:
    """A wordmark logo: a drawn mark beside the company name, on white, as PNG."""
    main, accent = colours
    width, height = 640, 200
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    _mark(draw, mark, (24, 30, 164, 170), main, accent)
    words = name.split(" ")
    # The last word on a second, lighter line ("Oak & Iron" / "Builders"); one word stays one line.
    first, rest = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (name, "")
    draw.text((190, 48 if rest else 72), first, font=_font(54), fill=main)
    if rest:
        draw.text((192, 112), rest, font=_font(40, bold=False), fill=accent)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _sponsors(gala, *, stdout) -> int:
    tiers = {tier.name: tier for tier in gala.sponsorship_tiers.all()}
    created = 0
    for company, email, tier_name, colours, mark in SPONSORS:
        tier = tiers.get(tier_name)
        if tier is None or Sponsor.objects.filter(event=gala, display_name=company).exists():
            continue
        donor = donor_get_or_create(email=email, company_name=company)
        purchase = Donation.objects.create(
            donor=donor,
            kind=GiftKind.SPONSORSHIP,
            amount=tier.price,
            benefit_fmv=tier.fair_market_value,
            benefit_description=f"1 x {tier.name}: {tier.benefits or tier.name}",
            event=gala,
            sponsorship_tier=tier,
            designation_key=gala.designation_key,
            designation_label=gala.title,
            company_name=company,
        )
        donation_confirm(
            reference=purchase.reference,
            amount_total=purchase.amount,
            occurred_at=timezone.now(),
            notify=False,
        )
        sponsor = Sponsor.objects.get(donation=purchase)
        if sponsor_services.recognition_open(gala):
            sponsor_services.sponsor_details_submit(
                sponsor=sponsor,
                display_name=company,
                website=f"https://{email.split('@')[1]}",
                credit_as="logo",
                logo=ContentFile(demo_logo(company, colours, mark), name="logo.png"),
            )
            sponsor_services.sponsor_review(sponsor=sponsor, approve=True, reviewed_by="demo")
        created += 1
    if created:
        stdout.write(f"  {created} gala sponsors approved")
    return created


def _leaders(circles, *, stdout) -> None:
    for circle in circles:
        handle = LEADERS.get(circle.slug)
        donor = Donor.objects.filter(email__istartswith=f"{handle}@").first() if handle else None
        if donor is None:
            continue
        _, made = CircleLeader.objects.get_or_create(
            circle=circle, donor=donor, defaults={"appointed_by": "demo"}
        )
        if made:
            stdout.write(f"  {donor.full_name} leads {circle.title}")
        # Members who said yes to sharing with their leaders, so the leaders' list shows both cases.
        for index, membership in enumerate(CircleMembership.objects.filter(circle=circle).order_by("pk")):
            if index % 2 == 0 and not membership.share_contact and membership.consent_changed_at is None:
                CircleMembership.objects.filter(pk=membership.pk).update(
                    share_contact=True, share_amounts=index % 4 == 0, consent_changed_at=timezone.now()
                )


def seed(*, gala, circles, stdout) -> None:
    _sponsors(gala, stdout=stdout)
    _leaders(circles, stdout=stdout)
