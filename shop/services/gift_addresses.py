"""Recipient addresses: one row's checks (required fields, lengths, country shipped to, postal code
valid for its country, email), shared by the CSV upload and the single-address form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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
