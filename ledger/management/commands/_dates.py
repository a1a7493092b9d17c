import datetime as dt

from django.core.management.base import CommandError


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise CommandError(f"--since must be a date like 2026-01-31, not {value!r}.") from error
