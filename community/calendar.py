"""The .ics file attached to a shift confirmation (icalendar: RFC 5545 with a VTIMEZONE for TIME_ZONE)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def shift_ics(*, signup, organiser_name: str = "Hope Works", manage_url: str = "") -> bytes:
    # icalendar costs a process about 8 MB; only a shift confirmation needs it.
    from icalendar import Calendar, Event, vText

    shift = signup.shift
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Hope Works//Volunteer work days//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"shift-signup-{signup.reference}@hopeworks")
    event.add("dtstamp", timezone.now())
    # Local wall-clock times with TZID, so calendars show the organisation's time across DST changes.
    event.add("dtstart", shift.starts_at.astimezone(zone))
    event.add("dtend", shift.ends_at.astimezone(zone))
    event.add("summary", f"Volunteer work day: {shift.task}")
    event.add("location", vText(shift.place))
    lines = [f"{organiser_name} volunteer shift, group of {signup.party_size}."]
    if shift.what_to_bring:
        lines.append(f"What to bring: {shift.what_to_bring}")
    if manage_url:
        lines.append(f"Cancel or view your sign-up: {manage_url}")
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
