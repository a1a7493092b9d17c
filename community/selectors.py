"""community selectors: every non-trivial read. Counts and percentages are computed here, never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from community.models import (
    HOLDING_STATUSES,
    Certificate,
    Inquiry,
    InquiryKind,
    InquiryStatus,
    Learner,
    LessonPass,
    Pledge,
    PledgeKind,
    QuizAttempt,
    Shift,
    SignupStatus,
)

# --- training ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonState:
    lesson: object
    number: int
    passed: bool


@dataclass(frozen=True)
class CourseProgress:
    lessons: tuple[LessonState, ...]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def passed(self) -> int:
        return sum(1 for state in self.lessons if state.passed)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.passed == self.total

    @property
    def percent(self) -> int:
        return self.passed * 100 // self.total if self.total else 0

    @property
    def next_lesson(self):
        return next((state.lesson for state in self.lessons if not state.passed), None)


def course_progress(*, course, learner: Learner | None) -> CourseProgress:
    lessons = list(course.lessons())
    passed = set()
    if learner is not None:
        passed = set(LessonPass.objects.filter(learner=learner).values_list("lesson_id", flat=True))
    return CourseProgress(
        lessons=tuple(
            LessonState(lesson=lesson, number=index, passed=lesson.pk in passed)
            for index, lesson in enumerate(lessons, start=1)
        )
    )


def lesson_attempt_count(*, learner: Learner | None, lesson) -> int:
    if learner is None:
        return 0
    return QuizAttempt.objects.filter(learner=learner, lesson=lesson).count()


def certificate_by_code(*, code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 12:
        return None
    return Certificate.objects.select_related("course").filter(code=code).first()


# --- pledges ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PledgeProgress:
    headcount: int
    trained: int
    completed_on: dt.date | None

    @property
    def percent(self) -> int:
        """Whole per cent, rounded down: 100 only once everyone is trained."""
        if not self.headcount:
            return 0
        return min(100, self.trained * 100 // self.headcount)

    @property
    def complete(self) -> bool:
        return self.headcount > 0 and self.trained >= self.headcount


def pledge_progress(*, pledge: Pledge) -> PledgeProgress:
    """Employees trained through the business's links: distinct addresses with a certificate."""
    issued = list(
        Certificate.objects.filter(pledge=pledge)
        .order_by("issued_at", "pk")
        .values_list("issued_at", flat=True)
    )
    headcount = pledge.headcount or 0
    completed_on = None
    if headcount and len(issued) >= headcount:
        completed_on = timezone.localdate(issued[headcount - 1])
    return PledgeProgress(headcount=headcount, trained=len(issued), completed_on=completed_on)


@dataclass(frozen=True)
class WallCounts:
    individuals: int
    businesses: int
    people_trained: int


def pledge_wall_counts() -> WallCounts:
    by_kind = dict(
        Pledge.objects.values_list("kind").annotate(count=Count("pk")).values_list("kind", "count")
    )
    return WallCounts(
        individuals=by_kind.get(PledgeKind.INDIVIDUAL, 0),
        businesses=by_kind.get(PledgeKind.BUSINESS, 0),
        people_trained=Certificate.objects.count(),
    )


def pledge_wall(*, kind: str):
    """Consenting pledgers only, newest first; businesses with their trained count."""
    pledges = Pledge.objects.filter(kind=kind, listed=True).order_by("-created_at", "-pk")
    if kind == PledgeKind.BUSINESS:
        pledges = pledges.annotate(trained=Count("certificates", distinct=True))
    return pledges.only("name", "city", "headcount", "created_at", "kind")


def pledge_invites(*, pledge: Pledge):
    """The business's invitations, each with whether that address finished the training for it."""
    finished = set(Certificate.objects.filter(pledge=pledge).values_list("email", flat=True))
    return [(invite, invite.email in finished) for invite in pledge.invites.order_by("invited_at", "pk")]


# --- volunteering -----------------------------------------------------------------------------


def upcoming_shifts(*, now: dt.datetime | None = None):
    now = now or timezone.now()
    return (
        Shift.objects.filter(published=True, starts_at__gt=now)
        .annotate(
            held=Sum("signups__party_size", filter=Q(signups__status__in=HOLDING_STATUSES), default=0),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        )
        .order_by("starts_at")
    )


def shift_places_left(*, shift: Shift) -> int:
    held = shift.signups.filter(status__in=HOLDING_STATUSES).aggregate(total=Sum("party_size"))["total"] or 0
    return max(shift.capacity - held, 0)


def shift_roster(*, shift: Shift):
    return shift.signups.order_by("status", "created_at", "pk")


# --- inquiries --------------------------------------------------------------------------------


def public_appearances(*, today: dt.date | None = None):
    """Booked pop-up shops and talks staff chose to publish, from today on."""
    today = today or timezone.localdate()
    return Inquiry.objects.filter(
        kind__in=[InquiryKind.POPUP, InquiryKind.SPEAKER],
        status=InquiryStatus.BOOKED,
        publish=True,
        event_date__gte=today,
    ).order_by("event_date", "start_time")


def booked_warehouse_dates(*, today: dt.date | None = None) -> list[dt.date]:
    today = today or timezone.localdate()
    return list(
        Inquiry.objects.filter(kind=InquiryKind.WAREHOUSE, status=InquiryStatus.BOOKED, event_date__gte=today)
        .order_by("event_date")
        .values_list("event_date", flat=True)
    )
