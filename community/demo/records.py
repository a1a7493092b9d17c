"""The community demo's records, made through community's services as visitors would make them:
pledges (with trained employees), upcoming shifts (one full, with a waitlist) and two inquiries.
Each is skipped once records with the demo email domain exist."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from community import services
from community.models import (
    CoursePage,
    Inquiry,
    InquiryStatus,
    LessonPass,
    Pledge,
    Shift,
    ShiftSignup,
    SignupStatus,
    VolunteerPage,
)

DEMO_DOMAIN = "demo.hopeworks.example"


def _train(course: CoursePage, *, pledge, name: str, email: str) -> None:
    learner = services.learner_start(course=course, pledge=pledge)
    for lesson in course.lessons():
        LessonPass.objects.get_or_create(learner=learner, lesson=lesson)
    services.certificate_issue(learner=learner, name=name, email=email)


def pledges_add(course: CoursePage) -> None:
    if Pledge.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    for name, city, listed in [
        ("Ada Lovelace", "Springfield", True),
        ("Grace Hopper", "Riverton", True),
        ("Katherine Johnson", "", False),
        ("Maya Angelou", "Springfield", True),
        ("Marcus Garvey", "Lakeside", True),
    ]:
        email = f"{name.replace(' ', '.').lower()}@{DEMO_DOMAIN}"
        services.pledge_create(kind="individual", name=name, email=email, city=city, listed=listed)
    for first in ("Ada Lovelace", "Maya Angelou"):
        _train(course, pledge=None, name=first, email="")
    riverbend, _ = services.pledge_create(
        kind="business",
        name="Riverbend Coffee Co.",
        contact_name="Dana Example",
        email=f"owner@riverbend.{DEMO_DOMAIN}",
        city="Springfield",
        headcount=4,
        listed=True,
    )
    northside, _ = services.pledge_create(
        kind="business",
        name="Northside Dental",
        contact_name="Sam Example",
        email=f"office@northside.{DEMO_DOMAIN}",
        city="Riverton",
        headcount=3,
        listed=True,
    )
    for index in range(2):
        _train(
            course,
            pledge=riverbend,
            name=f"Riverbend barista {index + 1}",
            email=f"staff{index}@riverbend.{DEMO_DOMAIN}",
        )
    for index in range(3):
        _train(
            course,
            pledge=northside,
            name=f"Northside team member {index + 1}",
            email=f"team{index}@northside.{DEMO_DOMAIN}",
        )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def shifts_add(volunteer: VolunteerPage) -> None:
    if ShiftSignup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists() or Shift.objects.exists():
        return
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    place = "Hope Works warehouse, 100 Example Street, Springfield (use the loading-dock door)"
    boxes = Shift.objects.create(
        task="Pack Gifts of Hope boxes",
        starts_at=_at(saturday, 9),
        ends_at=_at(saturday, 12),
        place=place,
        capacity=12,
        minimum_age=14,
        what_to_bring="Closed-toe shoes and a water bottle.",
        description="Fold, fill and label corporate gift boxes for the holiday orders.",
    )
    candles = Shift.objects.create(
        task="Candle room prep",
        starts_at=_at(saturday + dt.timedelta(days=7), 10),
        ends_at=_at(saturday + dt.timedelta(days=7), 13),
        place=place,
        capacity=6,
        minimum_age=18,
        what_to_bring="Clothes you don't mind getting wax on.",
        description="Clean moulds, cut wicks and pack finished candles. Hot wax: adults only.",
    )
    Shift.objects.create(
        task="Warehouse sort and inventory",
        starts_at=_at(saturday + dt.timedelta(days=14), 9),
        ends_at=_at(saturday + dt.timedelta(days=14), 12, 30),
        place=place,
        capacity=10,
        minimum_age=16,
        what_to_bring="Closed-toe shoes.",
    )
    common = {
        "age_confirmed": True,
        "waiver_version": volunteer.waiver_version,
        "waiver_text": volunteer.waiver_text,
    }
    plan = [
        (boxes, "Jordan Example", 3, False),
        (boxes, "Priya Example", 2, False),
        (candles, "Riverbend Coffee team", 4, False),
        (candles, "Alex Example", 2, False),
        (candles, "Morgan Example", 2, True),
        (candles, "Casey Example", 1, True),
    ]
    for shift, name, size, waitlist in plan:
        services.shift_signup_create(
            shift_id=shift.pk,
            name=name,
            email=f"{name.split()[0].lower()}@{DEMO_DOMAIN}",
            phone="555-010-2030",
            party_size=size,
            join_waitlist=waitlist,
            **common,
        )
    assert candles.signups.filter(status=SignupStatus.WAITLISTED).count() == 2


def inquiries_add() -> None:
    if Inquiry.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    today = timezone.localdate()
    market, _ = services.inquiry_create(
        kind="popup",
        name="Taylor Example",
        email=f"taylor@{DEMO_DOMAIN}",
        organisation="Springfield Makers Market",
        event_date=today + dt.timedelta(days=24),
        start_time=dt.time(10),
        end_time=dt.time(16),
        expected_guests=800,
        event_type="Outdoor makers market",
        venue="Riverside Park, Springfield",
        needs="A 10x10 booth; we provide a table and tent.",
    )
    services.inquiry_status_set(
        inquiry=market, status=InquiryStatus.BOOKED, publish=True, public_title="Springfield Makers Market"
    )
    services.inquiry_create(
        kind="warehouse",
        name="Robin Example",
        email=f"robin@{DEMO_DOMAIN}",
        organisation="Lakeside Church women's group",
        event_date=today + dt.timedelta(days=45),
        start_time=dt.time(18, 30),
        end_time=dt.time(21),
        expected_guests=60,
        event_type="Fundraising dinner",
        needs="Tables for 60, a projector, and a short talk from a staff member.",
    )
