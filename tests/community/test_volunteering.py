"""Volunteer work days: sign-up against capacity, confirmation with .ics, cancel, waitlist, reminders, roster."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from community import services
from community.forms import SignupForm
from community.models import ShiftSignup

pytestmark = pytest.mark.django_db


def signup_data(shift, page, human_token, **extra):
    data = {
        "shift": shift.pk,
        "waiver_version": page.waiver_version,
        "name": "Jordan Example",
        "email": "jordan@example.org",
        "phone": "555-010-2030",
        "party_size": "3",
        "age_confirmed": "on",
        "waiver_accepted": "on",
        "started": human_token(SignupForm),
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, shift, page, human_token, **extra):
    return client.post(f"{page.url}?shift={shift.pk}", signup_data(shift, page, human_token, **extra))


def direct(shift, page, *, email, size, waitlist=False):
    return services.shift_signup_create(
        shift_id=shift.pk,
        name="Group Lead",
        email=email,
        phone="555-010-2030",
        party_size=size,
        age_confirmed=True,
        waiver_version=page.waiver_version,
        waiver_text=page.waiver_text,
        join_waitlist=waitlist,
    )


def test_a_group_signs_up_stores_the_waiver_and_gets_a_confirmation_with_a_calendar_file(
    client, volunteer_page, make_shift, human_token, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=6, hour=9)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, shift, volunteer_page, human_token)

    signup = ShiftSignup.objects.get()
    assert response.url == f"/volunteer/signup/{signup.token}/"
    assert (signup.status, signup.party_size, signup.waiver_version) == ("confirmed", 3, 1)
    assert signup.waiver_text == "I accept the risks of warehouse work."
    assert "3 of 6 places left" in client.get(f"{volunteer_page.url}?shift={shift.pk}").content.decode()
    message = mail.outbox[-1]
    assert message.to == ["jordan@example.org"]
    assert message.alternatives[0][1] == "text/html"
    assert f"/volunteer/signup/{signup.token}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "America/Chicago"
    assert (start.hour, start.minute) == (9, 0)
    assert start == shift.starts_at
    text = content if isinstance(content, str) else content.decode()
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:America/Chicago" in text


def test_a_group_larger_than_the_shift_is_refused_and_nothing_booked(
    client, volunteer_page, make_shift, human_token
):
    shift = make_shift(capacity=4)

    response = sign_up(client, shift, volunteer_page, human_token, party_size="5", join_waitlist="on")

    assert response.status_code == 409
    assert "at most 4 people" in response.content.decode()
    assert not ShiftSignup.objects.exists()


def test_a_group_that_does_not_fit_is_refused_unless_it_asks_for_the_waitlist(
    client, volunteer_page, make_shift, human_token
):
    shift = make_shift(capacity=4)
    direct(shift, volunteer_page, email="first@example.org", size=3)

    refused = sign_up(client, shift, volunteer_page, human_token, party_size="2")
    waitlisted = sign_up(client, shift, volunteer_page, human_token, party_size="2", join_waitlist="on")

    assert refused.status_code == 409
    assert "Only 1 place(s) left" in refused.content.decode()
    assert waitlisted.status_code == 302
    assert ShiftSignup.objects.get(email="jordan@example.org").status == "waitlisted"


def test_the_same_person_submitting_twice_is_booked_once(client, volunteer_page, make_shift, human_token):
    shift = make_shift(capacity=10)
    sign_up(client, shift, volunteer_page, human_token)

    again = sign_up(client, shift, volunteer_page, human_token, email="JORDAN@example.org")

    assert again.status_code == 409
    assert "already signed up" in again.content.decode()
    assert ShiftSignup.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "<img src=x onerror=alert(1)>"),
        ("name", "N" * 101),
        ("email", "jordan@"),
        ("phone", "call me"),
        ("phone", "12"),
        ("phone", "1" * 20),
        ("party_size", "0"),
        ("party_size", "-2"),
        ("party_size", "51"),
        ("age_confirmed", None),
        ("waiver_accepted", None),
    ],
)
def test_hostile_sign_ups_get_a_clear_error_and_book_nothing(
    client, volunteer_page, make_shift, human_token, field, value
):
    shift = make_shift()

    response = sign_up(client, shift, volunteer_page, human_token, **{field: value})

    assert response.status_code == 400
    assert "Please check the form" in response.content.decode()
    assert not ShiftSignup.objects.exists()


def test_a_sign_up_against_an_old_waiver_version_is_refused(client, volunteer_page, make_shift, human_token):
    shift = make_shift()
    volunteer_page.waiver_text = "A new waiver."
    volunteer_page.save_revision().publish()
    volunteer_page.refresh_from_db()
    assert volunteer_page.waiver_version == 2

    response = sign_up(client, shift, volunteer_page, human_token, waiver_version="1")

    assert response.status_code == 409
    assert "waiver was updated" in response.content.decode()
    assert not ShiftSignup.objects.exists()


def test_a_past_or_unpublished_shift_takes_no_sign_ups(client, volunteer_page, make_shift, human_token):
    past = make_shift(days=-1)
    hidden = make_shift(published=False)

    for shift in (past, hidden):
        response = sign_up(client, shift, volunteer_page, human_token)
        assert response.status_code == 302
        assert response.url == volunteer_page.url
    assert not ShiftSignup.objects.exists()


def test_cancelling_offers_the_places_to_the_waitlist_with_a_time_limit(
    client, volunteer_page, make_shift, settings, django_capture_on_commit_callbacks
):
    settings.COMMUNITY_WAITLIST_OFFER_HOURS = 24
    shift = make_shift(capacity=4)
    confirmed = direct(shift, volunteer_page, email="a@example.org", size=4)
    too_big = direct(shift, volunteer_page, email="b@example.org", size=4, waitlist=True)
    small = direct(shift, volunteer_page, email="c@example.org", size=2, waitlist=True)
    shift.capacity = 5  # staff add a place while a group of 4 waits: nothing to offer a group of 4 yet
    shift.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/volunteer/signup/{confirmed.token}/cancel/")

    too_big.refresh_from_db()
    small.refresh_from_db()
    assert too_big.status == "offered"
    assert small.status == "waitlisted"  # 5 free - 4 offered = 1: not enough for 2
    assert abs(too_big.offer_expires_at - (timezone.now() + dt.timedelta(hours=24))) < dt.timedelta(minutes=1)
    assert mail.outbox[-1].to == ["b@example.org"]
    assert "opened up" in mail.outbox[-1].subject

    client.post(f"/volunteer/signup/{too_big.token}/accept/")
    too_big.refresh_from_db()
    assert too_big.status == "confirmed"


def test_an_offer_not_accepted_in_time_passes_to_the_next_group(client, volunteer_page, make_shift):
    shift = make_shift(capacity=2)
    first = direct(shift, volunteer_page, email="a@example.org", size=2)
    waiting_one = direct(shift, volunteer_page, email="b@example.org", size=2, waitlist=True)
    waiting_two = direct(shift, volunteer_page, email="c@example.org", size=1, waitlist=True)
    services.shift_signup_cancel(token=first.token)
    waiting_one.refresh_from_db()
    assert waiting_one.status == "offered"

    later = timezone.now() + dt.timedelta(hours=25)
    services.shift_offers_expire_due(now=later)

    waiting_one.refresh_from_db()
    waiting_two.refresh_from_db()
    assert waiting_one.status == "expired"
    assert waiting_two.status == "offered"


def test_cancelling_twice_is_harmless(client, volunteer_page, make_shift):
    shift = make_shift(capacity=2)
    signup = direct(shift, volunteer_page, email="a@example.org", size=1)

    client.post(f"/volunteer/signup/{signup.token}/cancel/")
    client.post(f"/volunteer/signup/{signup.token}/cancel/")

    signup.refresh_from_db()
    assert signup.status == "cancelled"
    assert client.get(f"/volunteer/signup/{signup.token}/").status_code == 200
    assert client.get("/volunteer/signup/not-a-token/").status_code == 404


def test_reminders_go_out_once_two_days_before(
    volunteer_page, make_shift, django_capture_on_commit_callbacks
):
    soon = make_shift(days=1, hour=23)
    later = make_shift(days=5)
    with django_capture_on_commit_callbacks(execute=False):
        due = direct(soon, volunteer_page, email="soon@example.org", size=1)
        direct(later, volunteer_page, email="later@example.org", size=1)
    ShiftSignup.objects.filter(pk=due.pk).update(created_at=timezone.now() - dt.timedelta(days=7))
    mail.outbox.clear()

    for _ in range(2):
        call_command("community_send_reminders", stdout=io.StringIO())

    assert [message.to for message in mail.outbox] == [["soon@example.org"]]
    assert "Reminder" in mail.outbox[0].subject


def test_staff_roster_checks_in_and_exports_csv(client, volunteer_page, make_shift, staff_user):
    shift = make_shift(capacity=6)
    signup = direct(shift, volunteer_page, email="a@example.org", size=2)
    ShiftSignup.objects.filter(pk=signup.pk).update(name="=HYPERLINK(1)")
    client.force_login(staff_user("Community"))

    roster = client.get(f"/admin/community/shifts/{shift.pk}/roster/")
    assert roster.status_code == 200
    assert "a@example.org" in roster.content.decode()
    client.post(f"/admin/community/shifts/{shift.pk}/roster/{signup.pk}/check-in/", {"checked_in": "1"})
    signup.refresh_from_db()
    assert signup.checked_in_at is not None

    csv = b"".join(client.get(f"/admin/community/shifts/{shift.pk}/roster.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in csv
    assert "a@example.org" in csv


def test_only_a_confirmed_sign_up_has_a_calendar_file(client, volunteer_page, make_shift):
    shift = make_shift(capacity=1)
    direct(shift, volunteer_page, email="a@example.org", size=1)
    waiting = direct(shift, volunteer_page, email="b@example.org", size=1, waitlist=True)

    assert client.get(f"/volunteer/signup/{waiting.token}/work-day.ics").status_code == 404
