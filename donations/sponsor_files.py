"""Files made for sponsors: the programme pack (ZIP of approved logos with names and tiers) and the
impact statement PDF."""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils import timezone
from django.utils.text import slugify

from core.export import safe_cell
from donations.models import CreditAs
from donations.organisation import organisation
from donations.pdf import _Document, _money
from ledger.impact import unit_phrase


def sponsor_pack_zip(*, event, sponsors) -> bytes:
    """One folder per tier (largest first) with each logo named after its sponsor, and sponsors.csv
    listing name, tier, credit and website (spreadsheet-safe) in programme order."""
    buffer = io.BytesIO()
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["Order", "Tier", "Name", "Credit", "Website", "Logo file"])
    tiers: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for order, sponsor in enumerate(sponsors, start=1):
            tier_number = tiers.setdefault(sponsor.tier_name, len(tiers) + 1)
            folder = f"{tier_number:02d}-{slugify(sponsor.tier_name) or 'tier'}"
            logo_name = ""
            if sponsor.credit_as == CreditAs.LOGO and sponsor.logo:
                extension = "png" if sponsor.logo_content_type == "image/png" else "jpg"
                logo_name = f"{folder}/{order:03d}-{slugify(sponsor.display_name) or 'sponsor'}.{extension}"
                with sponsor.logo.open("rb") as logo:
                    archive.writestr(logo_name, logo.read())
            writer.writerow(
                [
                    safe_cell(value)
                    for value in (
                        order,
                        sponsor.tier_name,
                        sponsor.display_name,
                        sponsor.get_credit_as_display(),
                        sponsor.website,
                        logo_name,
                    )
                ]
            )
        archive.writestr("sponsors.csv", "\ufeff" + rows.getvalue())
        archive.writestr(
            "README.txt",
            f"Sponsors of {event.title}, approved for print on {timezone.localdate():%B %-d, %Y}.\n"
            "Folders are tiers, largest first; sponsors.csv lists every sponsor in programme order.\n",
        )
    return buffer.getvalue()


def _impact_lines(document: _Document, lines) -> None:
    for line in lines:
        if line.amount.amount <= 0:
            continue
        text = f"{_money(line.amount)} to {line.fund_name}"
        if line.phrase:
            text += f": about {unit_phrase(line.units, line.unit_label)}"
        document.write_line(f"-  {text}")


def impact_statement_pdf(statement) -> bytes:
    org = organisation()
    sponsor, event = statement.sponsor, statement.event
    document = _Document(
        f"Impact statement: {event.title}",
        texts=(org.legal_name, org.address, sponsor.display_name, event.title, event.venue),
    )
    document.header_block(name=org.legal_name, address=org.address, ein=org.ein)
    document.write_line(f"Impact statement for {sponsor.display_name}", size=14, bold=True, height=8)
    when = timezone.localtime(event.starts_at)
    document.write_line(f"{event.title}, {when:%B %-d, %Y}" + (f", {event.venue}" if event.venue else ""))
    document.ln(4)
    document.row("Your sponsorship", f"{sponsor.tier_name}: {_money(statement.sponsor_paid)}")
    document.row("The event raised", _money(statement.raised))
    document.ln(3)
    document.write_line("What the event funded", size=12, bold=True, height=7)
    if any(line.amount.amount > 0 for line in statement.funded):
        _impact_lines(document, statement.funded)
    else:
        document.write_line("Nothing has been booked for this event yet.")
    document.ln(3)
    document.write_line("What your sponsorship funded", size=12, bold=True, height=7)
    if any(line.amount.amount > 0 for line in statement.sponsor_funded):
        _impact_lines(document, statement.sponsor_funded)
    else:
        document.write_line("Your sponsorship has been refunded.")
    document.ln(5)
    document.write_line(
        "Figures are read from our books for this event, net of refunds; units are rounded down. "
        "Thank you for using your business for good.",
        size=9,
    )
    return document.to_bytes()
