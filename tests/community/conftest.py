"""Fixtures for the community tests: a course with two lessons, the pledge, volunteer and inquiry pages."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from tests.fixtures.community_helpers import question, quiz_post


@pytest.fixture(autouse=True)
def _community_settings(settings):
    settings.COMMUNITY_MIN_SECONDS = 0
    settings.COMMUNITY_FORM_RATE = "1000/m"
    settings.COMMUNITY_QUIZ_RATE = "1000/m"


@pytest.fixture
def course(home_page, site_settings):
    from community.models import CoursePage, LessonPage

    course = CoursePage(title="Get trained", slug="training", pass_mark=80)
    home_page.add_child(instance=course)
    course.save_revision().publish()
    lessons = [
        LessonPage(
            title="What trafficking is",
            slug="what-it-is",
            body=[("paragraph", RichText("<p>Force, fraud or coercion.</p>"))],
            quiz=[
                question(
                    "Which means?",
                    [("Force, fraud or coercion", True), ("Travel", False)],
                    explanation="The law says so.",
                ),
                question(
                    "Which are signs?",
                    [("ID held by someone else", True), ("Never alone", True), ("Has a bank account", False)],
                    kind="multiple",
                ),
                question("Hotline?", [("1-888-373-7888", True), ("911 only", False)]),
            ],
        ),
        LessonPage(
            title="Reporting",
            slug="reporting",
            body=[
                (
                    "survivor_perspective",
                    {
                        "heading": "A survivor's perspective",
                        "quote": "Someone asked.",
                        "attribution": "J.",
                        "reflection": RichText(""),
                    },
                )
            ],
            quiz=[question("Immediate danger?", [("Call 911", True), ("Confront them", False)])],
        ),
    ]
    for lesson in lessons:
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


@pytest.fixture
def pass_lesson():
    def run(client, lesson):
        from community.quiz import questions_of

        right = [
            [index for index, choice in enumerate(value["choices"]) if choice["correct"]]
            for _key, value in questions_of(lesson)
        ]
        response = quiz_post(client, lesson, right)
        assert response.status_code == 200
        return response

    return run


@pytest.fixture
def human_token():
    def make(form_class):
        return form_class.human_check_token(issued_at=time.time() - 60)

    return make


@pytest.fixture
def volunteer_page(home_page, site_settings):
    from community.models import VolunteerPage

    page = VolunteerPage(
        title="Volunteer", slug="volunteer", waiver_text="I accept the risks of warehouse work."
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_shift(db):
    from community.models import Shift

    def make(*, capacity=6, days=10, hour=9, **extra):
        day = timezone.localdate() + dt.timedelta(days=days)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        return Shift.objects.create(
            task=extra.pop("task", "Pack gift boxes"),
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            place="Warehouse, 100 Example Street",
            capacity=capacity,
            minimum_age=16,
            what_to_bring="Closed-toe shoes",
            **extra,
        )

    return make


@pytest.fixture
def pledge_page(home_page, site_settings, course):
    from community.models import PledgePage

    page = PledgePage(title="Take the pledge", slug="pledge", course=course, wall_page_size=5)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def inquiry_page(home_page, site_settings):
    from community.models import InquiryPage

    page = InquiryPage(
        title="Host an event", slug="host-an-event", warehouse_capacity=120, min_notice_days=14
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page
