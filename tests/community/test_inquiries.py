"""Hosting / pop-up / speaker inquiries: one workflow, bounded inputs, staff replies, booked dates."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.forms import InquiryForm
from community.models import Inquiry, InquiryMessage
from community.selectors import public_appearances

pytestmark = pytest.mark.django_db


def inquiry_data(human_token, **extra):
    data = {
        "kind": "warehouse",
        "name": "Robin Example",
        "email": "robin@example.org",
        "phone": "",
        "organisation": "Lakeside Church",
        "event_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "start_time": "18:30",
        "end_time": "21:00",
        "expected_guests": "60",
        "event_type": "Fundraising dinner",
        "venue": "",
        "needs": "Tables for 60",
        "started": human_token(InquiryForm),
    }
    data.update(extra)
    return data


def create(kind="warehouse", days=30, email="someone@example.org", guests=50):
    inquiry, _ = services.inquiry_create(
        kind=kind,
        name="Someone Example",
        email=email,
        event_date=timezone.localdate() + dt.timedelta(days=days),
        start_time=dt.time(10),
        expected_guests=guests,
        event_type="Market",
        venue="Park" if kind != "warehouse" else "",
    )
    return inquiry


def test_an_inquiry_is_stored_with_its_first_message_and_both_sides_are_emailed(
    client, inquiry_page, human_token, settings, django_capture_on_commit_callbacks
):
    settings.COMMUNITY_INQUIRY_EMAILS = ["events@hopeworks.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(inquiry_page.url, inquiry_data(human_token))

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.status, inquiry.expected_guests, inquiry.kind) == ("new", 60, "warehouse")
    assert "Tables for 60" in inquiry.messages.get().body
    assert sorted(message.to[0] for message in mail.outbox) == [
        "events@hopeworks.example",
        "robin@example.org",
    ]
    assert "Thank you" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("expected_guests", "0", "greater than or equal to 1"),
        ("expected_guests", "-5", "greater than or equal to 1"),
        ("expected_guests", "121", "holds up to 120"),
        ("event_date", "2001-01-01", "Choose a date from"),
        ("event_date", "2999-01-01", "months ahead"),
        ("event_date", "next friday", "Enter a valid date"),
        ("end_time", "17:00", "after the start time"),
        ("name", "<script>x</script>", "letters"),
        ("email", "robin@@example", "valid email"),
        ("phone", "not a phone", "7 to 15 digits"),
        ("kind", "party", "Select a valid choice"),
    ],
)
def test_hostile_inquiries_get_a_clear_error_and_nothing_is_stored(
    client, inquiry_page, human_token, field, value, error
):
    response = client.post(inquiry_page.url, inquiry_data(human_token, **{field: value}))

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_pop_up_needs_a_place_and_may_be_bigger_than_the_warehouse(client, inquiry_page, human_token):
    missing = client.post(inquiry_page.url, inquiry_data(human_token, kind="popup", expected_guests="800"))
    assert missing.status_code == 400
    assert "Tell us where" in missing.content.decode()

    ok = client.post(
        inquiry_page.url,
        inquiry_data(human_token, kind="popup", expected_guests="800", venue="Riverside Park"),
    )
    assert ok.status_code == 302


def test_a_booked_warehouse_date_blocks_other_warehouse_inquiries_but_not_pop_ups(
    client, inquiry_page, human_token
):
    booked = create(days=30)
    services.inquiry_status_set(inquiry=booked, status="booked")

    blocked = client.post(inquiry_page.url, inquiry_data(human_token))
    popup = client.post(inquiry_page.url, inquiry_data(human_token, kind="popup", venue="Park"))

    assert blocked.status_code == 409
    assert "already booked" in blocked.content.decode()
    assert popup.status_code == 302
    assert Inquiry.objects.count() == 2


def test_staff_cannot_book_two_warehouse_events_on_one_date(client, staff_user):
    first, second = create(days=30, email="a@example.org"), create(days=30, email="b@example.org")
    services.inquiry_status_set(inquiry=first, status="booked")
    client.force_login(staff_user("Community"))

    response = client.post(
        f"/admin/community/inquiries/{second.pk}/reply/",
        {"subject": "Yes", "body": "Booked!", "status": "booked"},
    )

    assert "already booked" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "new"
    assert not second.messages.filter(direction="out").exists()


def test_a_staff_reply_is_emailed_and_kept_on_the_inquiry_thread(
    client, staff_user, django_capture_on_commit_callbacks
):
    inquiry = create(kind="speaker", email="host@example.org")
    client.force_login(staff_user("Community"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/community/inquiries/{inquiry.pk}/reply/",
            {
                "subject": "Re: your event",
                "body": "We'd love to speak. Our fee is waived.",
                "status": "quoted",
            },
        )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "quoted"
    assert mail.outbox[-1].to == ["host@example.org"]
    assert "love to speak" in mail.outbox[-1].body
    page = client.get(f"/admin/community/inquiries/inspect/{inquiry.pk}/").content.decode()
    assert "love to speak" in page
    assert InquiryMessage.objects.filter(inquiry=inquiry).count() == 2


def test_where_to_find_us_lists_only_booked_published_pop_ups_and_talks():
    shown = create(kind="popup", email="a@example.org")
    services.inquiry_status_set(inquiry=shown, status="booked", publish=True, public_title="Makers Market")
    unpublished = create(kind="speaker", email="b@example.org")
    services.inquiry_status_set(inquiry=unpublished, status="booked")
    not_booked = create(kind="popup", email="c@example.org")
    services.inquiry_status_set(inquiry=not_booked, status="quoted", publish=True)

    assert list(public_appearances()) == [shown]


def test_the_same_inquiry_sent_twice_is_one_thread(client, inquiry_page, human_token):
    client.post(inquiry_page.url, inquiry_data(human_token))
    client.post(inquiry_page.url, inquiry_data(human_token))

    assert Inquiry.objects.count() == 1
