"""The Community group sees pledges, sign-ups, rosters and inquiries; Editors write the course and pages
but see none of that personal data."""

import pytest

from community import services
from community.models import Pledge
from tests.cms.test_staff_groups import refused

pytestmark = pytest.mark.django_db

PERSONAL_PAGES = [
    "/admin/community/pledges/",
    "/admin/community/certificates/",
    "/admin/community/signups/",
    "/admin/community/inquiries/",
]


@pytest.fixture
def records(volunteer_page, make_shift):
    Pledge.objects.create(kind="individual", name="Private Pledger", email="private@example.org")
    shift = make_shift()
    services.shift_signup_create(
        shift_id=shift.pk,
        name="Private Volunteer",
        email="vol@example.org",
        phone="555-010-2030",
        party_size=1,
        age_confirmed=True,
        waiver_version=1,
        waiver_text="x",
    )
    return shift


def test_the_community_group_sees_pledges_sign_ups_rosters_and_inquiries(client, records, staff_user):
    client.force_login(staff_user("Community"))

    for url in [*PERSONAL_PAGES, f"/admin/community/shifts/{records.pk}/roster/", "/admin/community/shifts/"]:
        assert client.get(url).status_code == 200, url
    assert "Private Pledger" in client.get("/admin/community/pledges/").content.decode()
    assert "Private Volunteer" in client.get(f"/admin/community/shifts/{records.pk}/roster/").content.decode()


def test_editors_write_the_course_but_see_no_personal_data(client, records, course, staff_user):
    client.force_login(staff_user("Editors"))

    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/community/lessonpage/{course.pk}/").status_code == 200
    for url in [
        *PERSONAL_PAGES,
        f"/admin/community/shifts/{records.pk}/roster/",
        f"/admin/community/shifts/{records.pk}/roster.csv",
    ]:
        assert refused(client.get(url)), url
    assert "Private" not in client.get("/admin/").content.decode()


def test_sign_ups_and_certificates_cannot_be_edited_or_deleted_in_the_generic_admin(
    client, records, staff_user
):
    from community.models import ShiftSignup

    signup = ShiftSignup.objects.get()
    client.force_login(staff_user("Community"))

    assert refused(client.get(f"/admin/community/signups/edit/{signup.pk}/"))
    assert refused(client.get(f"/admin/community/signups/delete/{signup.pk}/"))
