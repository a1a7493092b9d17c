"""seed_demo adds the course, pledges, shifts (one full, with a waitlist) and inquiries, linked from the header."""

import io

import pytest
from django.core.management import call_command

from community.models import CoursePage, Inquiry, LessonPage, Pledge, Shift, SignupStatus
from community.selectors import pledge_progress, upcoming_shifts

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_four_lesson_course_pledges_a_full_shift_and_two_inquiries(client):
    call_command("seed_demo", stdout=io.StringIO())

    course = CoursePage.objects.get()
    lessons = LessonPage.objects.child_of(course)
    assert lessons.count() >= 4
    assert all(len(lesson.quiz) >= 2 for lesson in lessons)
    assert "1-888-373-7888" in client.get(lessons.last().url).content.decode()
    assert Pledge.objects.filter(kind="individual").exists()
    assert [
        pledge_progress(pledge=p).percent for p in Pledge.objects.filter(kind="business").order_by("name")
    ] == [100, 50]
    full = [shift for shift in upcoming_shifts() if shift.held >= shift.capacity]
    assert len(full) == 1
    assert full[0].signups.filter(status=SignupStatus.WAITLISTED).count() == 2
    assert Shift.objects.count() == 3
    assert Inquiry.objects.count() == 2
    home = client.get("/").content.decode()
    header, footer = home.split("</header>")[0], home.split("<footer")[1]
    # The header keeps one row at 1280 px: training and work days there, the pledge and hosting in the footer.
    for path in ("/training/", "/volunteer/"):
        assert f'href="{path}"' in header
    for path in ("/pledge/", "/host-an-event/"):
        assert f'{path}"' in footer
    assert "Springfield Makers Market" in client.get("/where-to-find-us/").content.decode()
