"""Reading a business's employee list: whatever a spreadsheet exports, or a clear reason why not.

Handles a UTF-8 byte-order mark, UTF-16 (Excel's "Unicode text"), Windows-1252, commas, semicolons
or tabs, quoted cells and header rows; every cell that looks like an address is checked with Django's
email validator. Binary files, empty files and files past the size limit are refused with a sentence.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_BYTES = 512 * 1024
MAX_ADDRESSES = 2000


class InviteFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedInvites:
    emails: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    duplicates: int = 0


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InviteFileError("The file says it is UTF-16 but is not readable as text.") from None
    if b"\x00" in data:
        raise InviteFileError(
            "This looks like a binary file (a spreadsheet or an image). Save it as CSV and try again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InviteFileError(
            "We could not read the file's characters. Save it as “CSV UTF-8” and try again."
        ) from None


def _rows(text: str):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def parse_invite_file(data: bytes) -> ParsedInvites:
    if not data or not data.strip():
        raise InviteFileError("The file is empty. Put one email address per row and upload it again.")
    if len(data) > MAX_BYTES:
        raise InviteFileError(f"The file is larger than {MAX_BYTES // 1024} KB. Split it into smaller files.")
    text = _decode(data)
    parsed = ParsedInvites()
    seen: set[str] = set()
    try:
        for row in _rows(text):
            for cell in row:
                value = cell.strip().strip("<>\"'").strip()
                if "@" not in value:
                    continue  # headers, names, departments
                address = value.lower()
                try:
                    validate_email(address)
                except ValidationError:
                    if len(parsed.invalid) < 50:
                        parsed.invalid.append(value[:120])
                    continue
                if address in seen:
                    parsed.duplicates += 1
                    continue
                seen.add(address)
                parsed.emails.append(address)
                if len(parsed.emails) > MAX_ADDRESSES:
                    raise InviteFileError(
                        f"The file has more than {MAX_ADDRESSES} addresses. Split it and upload each part."
                    )
    except csv.Error:
        raise InviteFileError(
            "The file is not a readable CSV. Save it as CSV (one address per row) and try again."
        ) from None
    if not parsed.emails and not parsed.invalid:
        raise InviteFileError("We found no email addresses in the file. Put one address per row.")
    return parsed


def parse_pasted_addresses(text: str) -> ParsedInvites:
    """Addresses typed or pasted into the form, separated by commas, semicolons, spaces or lines."""
    for separator in (";", ",", "\t", "\r"):
        text = text.replace(separator, "\n")
    return parse_invite_file("\n".join(part for line in text.split("\n") for part in line.split()).encode())
