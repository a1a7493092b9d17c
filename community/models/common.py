"""Small helpers the community models share: random public codes and the person-name rule."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed
NAME_MAX_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKUP = re.compile(r"[<>{}\\]|://")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]{7,25}$")


def random_code(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def random_token() -> str:
    return secrets.token_urlsafe(24)


def validate_person_name(value: str) -> None:
    """Names printed on certificates, walls and rosters: letters required, no markup or control characters."""
    text = str(value or "")
    if _CONTROL.search(text):
        raise ValidationError("Remove line breaks and control characters from the name.")
    if _MARKUP.search(text):
        raise ValidationError("Use letters, spaces and ordinary punctuation only (no < > { } or links).")
    if not any(character.isalpha() for character in text):
        raise ValidationError("Enter a name with at least one letter.")


def validate_phone(value: str) -> None:
    text = str(value or "").strip()
    digits = sum(character.isdigit() for character in text)
    if not PHONE_PATTERN.match(text) or not 7 <= digits <= 15:
        raise ValidationError(
            "Enter a phone number with 7 to 15 digits, e.g. 555-010-2030 or +1 555 010 2030."
        )
