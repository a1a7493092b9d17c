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

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from shop.errors import GiftError
from shop.models import GiftOrder, GiftShipment

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
REQUIRED = ["name", "address_line_1", "city", "postal_code", "country"]
LIMITS = {
    "name": 120,
    "company": 120,
    "address_line_1": 120,
    "address_line_2": 120,
    "city": 80,
    "region": 80,
    "postal_code": 20,
    "country": 60,
    "email": 254,
}
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
POSTAL_CODES = {
    "US": re.compile(r"^\d{5}(-\d{4})?$"),
    "CA": re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$", re.I),
    "GB": re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", re.I),
    "AU": re.compile(r"^\d{4}$"),
    "DE": re.compile(r"^\d{5}$"),
    "FR": re.compile(r"^\d{5}$"),
    "NL": re.compile(r"^\d{4} ?[A-Z]{2}$", re.I),
    "MX": re.compile(r"^\d{5}$"),
}
COUNTRY_NAMES = {
    "USA": "US",
    "UNITED STATES": "US",
    "UNITED STATES OF AMERICA": "US",
    "CANADA": "CA",
    "UK": "GB",
    "UNITED KINGDOM": "GB",
    "GREAT BRITAIN": "GB",
    "AUSTRALIA": "AU",
    "GERMANY": "DE",
    "FRANCE": "FR",
    "NETHERLANDS": "NL",
    "MEXICO": "MX",
}


@dataclass
class Recipient:
    row: int
    name: str
    line1: str
    city: str
    postal_code: str
    country: str
    company: str = ""
    line2: str = ""
    region: str = ""
    email: str = ""
    message: str = ""


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


def normalise_country(value: str) -> str:
    value = value.strip().upper()
    return COUNTRY_NAMES.get(value, value)


def recipient_errors(values: dict, *, countries: list[str], message_max: int) -> list[str]:
    errors = [f"{column.replace('_', ' ')} is missing" for column in REQUIRED if not values.get(column)]
    for column, limit in LIMITS.items():
        if len(values.get(column, "")) > limit:
            errors.append(f"{column.replace('_', ' ')} is longer than {limit} characters")
    if len(values.get("message", "")) > message_max:
        errors.append(f"message is too long ({len(values['message'])} of at most {message_max} characters)")
    country = normalise_country(values.get("country", ""))
    if values.get("country") and country not in countries:
        errors.append(f"we do not ship to {values['country'][:40]!r} (we ship to {', '.join(countries)})")
    pattern = POSTAL_CODES.get(country)
    postal = values.get("postal_code", "")
    if postal and country in countries and pattern is not None and not pattern.match(postal):
        errors.append(f"postal code {postal[:20]!r} is not valid for {country}")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(f"email {values['email'][:60]!r} is not a valid address")
    return errors


def recipient_from(values: dict, row: int) -> Recipient:
    return Recipient(
        row=row,
        name=values["name"],
        company=values.get("company", ""),
        line1=values["address_line_1"],
        line2=values.get("address_line_2", ""),
        city=values["city"],
        region=values.get("region", ""),
        postal_code=values["postal_code"].upper(),
        country=normalise_country(values["country"]),
        email=values.get("email", ""),
        message=values.get("message", ""),
    )


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
