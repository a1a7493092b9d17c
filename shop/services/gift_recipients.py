"""Recipients: a CSV upload (or one address) checked row by row before anything is charged.

Every row is validated and every problem reported with its row number; only a file with no errors
replaces the order's shipments, in one transaction, so a bad file never leaves a partial list.
Cells are kept as text (a `=HYPERLINK(...)` is just text here); exports neutralise formulas.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from shop.errors import GiftError
from shop.models import GiftOrder, GiftShipment

from .gift_addresses import REQUIRED, Recipient, recipient_errors, recipient_from

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 50
COLUMNS = [
    "name",
    "company",
    "address_line_1",
    "address_line_2",
    "city",
    "region",
    "postal_code",
    "country",
    "email",
    "message",
]
ALIASES = {
    "address_1": "address_line_1",
    "address1": "address_line_1",
    "line1": "address_line_1",
    "address": "address_line_1",
    "address_2": "address_line_2",
    "address2": "address_line_2",
    "line2": "address_line_2",
    "state": "region",
    "province": "region",
    "zip": "postal_code",
    "zip_code": "postal_code",
    "postcode": "postal_code",
    "full_name": "name",
}


@dataclass
class RecipientsResult:
    recipients: list[Recipient] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "Row 4: postal code 1234 is not valid for US"

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.recipients)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "Alex Rivera",
            "Acme Co",
            "100 Main St",
            "Suite 4",
            "Springfield",
            "IL",
            "62701",
            "US",
            "alex@example.com",
            "Thank you for a wonderful year!",
        ]
    )
    return out.getvalue()


def _decode(data: bytes) -> str:
    if not data.strip():
        raise GiftError(
            "The file is empty: fill in the template (one recipient per row) and upload it again."
        )
    if b"\x00" in data[:4096]:
        raise GiftError(
            "That file is not a CSV text file. Download the template, fill it in and save it as CSV."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GiftError(
            "The file is not UTF-8 text. In your spreadsheet choose “CSV UTF-8” when saving."
        ) from exc


def _key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def recipients_parse(*, data: bytes, countries: list[str], message_max: int) -> RecipientsResult:
    """Every recipient of the file, or every error in it (with row numbers); never half of either."""
    result = RecipientsResult()
    if len(data) > MAX_BYTES:
        raise GiftError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it, or ask us for a quote."
        )
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise GiftError("The file has no header row: start from the template.") from exc
    keys = [_key(column) for column in header]
    missing = [column for column in REQUIRED if column not in keys]
    if missing:
        raise GiftError(
            f"The header row lacks {', '.join(missing)}. "
            "Start from the template: its first row names the columns."
        )
    seen: dict[tuple, int] = {}
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(result.recipients) + len(result.errors) >= MAX_ROWS:
                raise GiftError(
                    f"The file has more than {MAX_ROWS:,} recipients: split it, or ask us for a quote."
                )
            if len(cells) > len(keys):
                result.errors.append(f"Row {number}: has {len(cells)} columns; the header has {len(keys)}.")
                continue
            values = {key: cell.strip() for key, cell in zip(keys, cells, strict=False) if key in COLUMNS}
            errors = recipient_errors(values, countries=countries, message_max=message_max)
            if errors:
                result.errors.append(f"Row {number}: " + "; ".join(errors) + ".")
                continue
            recipient = recipient_from(values, number)
            key = (
                recipient.name.lower(),
                recipient.line1.lower(),
                recipient.postal_code.replace(" ", ""),
                recipient.country,
            )
            if key in seen:
                result.errors.append(f"Row {number}: duplicates row {seen[key]}.")
                continue
            seen[key] = number
            result.recipients.append(recipient)
    except csv.Error as exc:
        raise GiftError(
            f"The file is not valid CSV ({exc}). Save it from your spreadsheet as CSV UTF-8."
        ) from exc
    if not result.recipients and not result.errors:
        raise GiftError("The file has a header but no recipients.")
    return result


@transaction.atomic
def gift_recipients_replace(*, gift: GiftOrder, recipients: list[Recipient]) -> int:
    """Replace the order's shipments with these recipients, all at once."""
    gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
    if gift.status != GiftOrder.Status.DRAFT:
        raise GiftError("This order has been placed; its recipients can no longer change.")
    if not recipients:
        raise GiftError("Add at least one recipient.")
    if len(recipients) > 1 and len(recipients) != gift.quantity:
        # Several recipients: one box each, so the box count follows the list (the minimum still applies).
        if len(recipients) < gift.box.minimum_quantity:
            raise GiftError(
                f"This box has a minimum order of {gift.box.minimum_quantity}; "
                f"the list has {len(recipients)}."
            )
        gift.quantity = len(recipients)
        gift.save(update_fields=["quantity", "updated_at"])
    gift.shipments.all().delete()
    GiftShipment.objects.bulk_create(
        [
            GiftShipment(
                gift_order=gift,
                row_number=index,
                name=r.name,
                company=r.company,
                line1=r.line1,
                line2=r.line2,
                city=r.city,
                region=r.region,
                postal_code=r.postal_code,
                country=r.country,
                email=r.email,
                message=r.message,
            )
            for index, r in enumerate(recipients, start=1)
        ],
        batch_size=500,
    )
    return len(recipients)
