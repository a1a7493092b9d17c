"""Parse --since values: an ISO date or datetime, or a duration like 90m, 48h, 7d."""

from __future__ import annotations

import datetime as dt
import re

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

DURATION = re.compile(r"^(\d{1,5})([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_since(value: str) -> dt.datetime:
    value = (value or "").strip()
    match = DURATION.match(value)
    if match:
        return timezone.now() - dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value) if re.match(r"^\d{4}-\d{2}-\d{2}$", value) else None
        if day is None:
            raise CommandError(
                f"--since {value!r}: use a date (2026-11-01), a datetime, or a duration (48h, 7d)"
            )
        moment = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise CommandError("--since is in the future")
    return moment
