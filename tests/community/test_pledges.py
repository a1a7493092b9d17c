"""Pledges: individuals and businesses, invites (hostile CSVs too), % trained and the public wall."""

import re

import pytest
from django.core import mail

from community import links
from community.forms import BusinessPledgeForm, IndividualPledgeForm
from community.invites_csv import InviteFileError, parse_invite_file
from community.models import LessonPage, Pledge, PledgeInvite

pytestmark = pytest.mark.django_db


def individual(human_token, **extra):
    data = {
        "kind": "individual",
        "individual-name": "Ada Lovelace",
        "individual-email": "Ada@Example.org",
        "individual-city": "Springfield",
        "individual-listed": "on",
        "individual-pledge": "on",
        "individual-started": human_token(IndividualPledgeForm),
    }
    data.update({f"individual-{key}": value for key, value in extra.items()})
    return data


def business(human_token, **extra):
    data = {
        "kind": "business",
        "business-business_name": "Riverbend Coffee",
        "business-contact_name": "Dana Example",
        "business-email": "owner@riverbend.example",
        "business-headcount": "4",
        "business-listed": "on",
        "business-pledge": "on",
        "business-started": human_token(BusinessPledgeForm),
    }
    data.update({f"business-{key}": value for key, value in extra.items()})
    return data


def complete_course(client, course, pass_lesson, *, name, email):
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        pass_lesson(client, lesson)
    return client.post(course.url, {"action": "certificate", "name": name, "email": email})


def test_an_individual_pledges_is_pointed_to_the_training_and_counted_once(client, pledge_page, human_token):
    response = client.post(pledge_page.url, individual(human_token))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Start the training" in page

    client.post(pledge_page.url, individual(human_token, email="ada@example.org"))

    assert Pledge.objects.filter(kind="individual").count() == 1
    assert Pledge.objects.get().email == "ada@example.org"


def test_the_wall_counts_are_computed_and_list_only_consenting_pledgers(client, pledge_page, human_token):
    client.post(pledge_page.url, individual(human_token))
    client.post(
        pledge_page.url, individual(human_token, name="Private Person", email="p@example.org", listed="")
    )
    client.post(pledge_page.url, business(human_token))

    html = client.get(pledge_page.url).content.decode()
    counts = re.sub(r"\s+", " ", html)
    assert '<span class="stats__value">2</span> <span class="stats__label">people have pledged' in counts
    assert '<span class="stats__value">1</span> <span class="stats__label">business pledged' in counts
    assert "Ada Lovelace" in html
    assert "Private Person" not in html
    assert "Riverbend Coffee" in client.get(pledge_page.url + "?wall=business").content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "<script>alert(1)</script>"), ("name", "A" * 101), ("email", "not-an-email"), ("pledge", "")],
)
def test_hostile_individual_pledges_are_refused_with_nothing_stored(
    client, pledge_page, human_token, field, value
):
    response = client.post(pledge_page.url, individual(human_token, **{field: value}))

    assert response.status_code == 400
    assert "Please check the form" in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("headcount", ["0", "-3", "100001", "four"])
def test_a_business_headcount_must_be_a_sensible_positive_number(client, pledge_page, human_token, headcount):
    response = client.post(pledge_page.url, business(human_token, headcount=headcount))

    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_a_business_gets_a_private_page_and_a_repeat_pledge_only_emails_the_link(
    client, pledge_page, human_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()
    assert response.url == f"/pledge/business/{links.pledge_manage_token(pledge)}/"
    assert "0 % trained" in client.get(response.url).content.decode()
    assert mail.outbox[-1].to == ["owner@riverbend.example"]
    assert links.pledge_manage_url(pledge) in mail.outbox[-1].body

    stranger = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        again = stranger.post(pledge_page.url, business(human_token, business_name="Other name"))
    assert "/pledge/business/" not in again.url
    assert Pledge.objects.count() == 1
    assert mail.outbox[-1].to == ["owner@riverbend.example"]
    assert stranger.get("/pledge/business/tampered-token/").status_code == 404


def test_an_employee_who_completes_through_the_join_link_moves_the_percentage(
    client, pledge_page, course, human_token, pass_lesson
):
    client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()
    manage = f"/pledge/business/{links.pledge_manage_token(pledge)}/"

    employee = client.__class__()
    employee.get(f"/pledge/join/{pledge.join_code}/")
    complete_course(employee, course, pass_lesson, name="Sam Barista", email="sam@riverbend.example")

    # 1 of 4 trained: 25 %.
    assert "25 % trained" in client.get(manage).content.decode()
    # Training again under the same address does not count twice.
    again = client.__class__()
    again.get(f"/pledge/join/{pledge.join_code}/")
    complete_course(again, course, pass_lesson, name="Sam Barista", email="SAM@riverbend.example")
    assert "25 % trained" in client.get(manage).content.decode()
    # Someone who trained without the link does not count.
    complete_course(client.__class__(), course, pass_lesson, name="Walk In", email="walk@in.example")
    assert "25 % trained" in client.get(manage).content.decode()


def test_an_employee_through_the_link_must_give_an_email(
    client, pledge_page, course, human_token, pass_lesson
):
    client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()
    employee = client.__class__()
    employee.get(f"/pledge/join/{pledge.join_code}/")

    response = complete_course(employee, course, pass_lesson, name="Sam Barista", email="")

    assert response.status_code == 400
    assert not pledge.certificates.exists()


def test_at_100_percent_the_business_downloads_its_certificate(
    client, pledge_page, course, human_token, pass_lesson
):
    client.post(pledge_page.url, business(human_token, headcount="2"))
    pledge = Pledge.objects.get()
    token = links.pledge_manage_token(pledge)
    assert client.get(f"/pledge/business/{token}/certificate.pdf").status_code == 404

    for index in range(2):
        employee = client.__class__()
        employee.get(f"/pledge/join/{pledge.join_code}/")
        complete_course(
            employee, course, pass_lesson, name=f"Employee {'AB'[index]}", email=f"e{index}@riverbend.example"
        )

    assert "100 % trained" in client.get(f"/pledge/business/{token}/").content.decode()
    pdf = client.get(f"/pledge/business/{token}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def upload(client, pledge, content: bytes, name="team.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/pledge/business/{links.pledge_manage_token(pledge)}/",
        {"csv_file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_a_csv_invites_each_address_once_and_emails_a_join_link(
    client, pledge_page, human_token, django_capture_on_commit_callbacks
):
    client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()
    mail.outbox.clear()
    csv = "\ufeffName;Email;Team\nSam;sam@riverbend.example;Bar\nLee;LEE@riverbend.example;Kitchen\nBad;not-an-email@;x\n"

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, pledge, csv.encode("utf-8"))
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, pledge, b"sam@riverbend.example\n")

    assert response.status_code == 302
    assert sorted(PledgeInvite.objects.values_list("email", flat=True)) == [
        "lee@riverbend.example",
        "sam@riverbend.example",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lee@riverbend.example",
        "sam@riverbend.example",
    ]
    assert "/pledge/invite/" in mail.outbox[0].body
    page = client.get(response.url).content.decode()
    assert "not-an-email@" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 50, "binary"),
        (b"a" * (600 * 1024), "larger"),
        (b"name,team\nSam,Bar\n", "no email"),
    ],
)
def test_a_hostile_csv_is_refused_with_a_reason_and_nothing_invited(
    client, pledge_page, human_token, content, message
):
    client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()

    response = upload(client, pledge, content)

    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not PledgeInvite.objects.exists()


def test_the_csv_reader_handles_windows_1252_utf16_tabs_and_quotes():
    assert parse_invite_file("José Núñez;jose@example.org\n".encode("cp1252")).emails == ["jose@example.org"]
    assert parse_invite_file("email\r\nana@example.org\r\n".encode("utf-16")).emails == ["ana@example.org"]
    assert parse_invite_file(b'"Lee, Sam"\t"<sam@example.org>"\n').emails == ["sam@example.org"]
    parsed = parse_invite_file(b"a@example.org\nA@EXAMPLE.org\n")
    assert parsed.emails == ["a@example.org"]
    assert parsed.duplicates == 1
    with pytest.raises(InviteFileError):
        parse_invite_file(b"\xff\xfe\x00")


def test_pasted_addresses_invite_too(client, pledge_page, human_token):
    client.post(pledge_page.url, business(human_token))
    pledge = Pledge.objects.get()

    client.post(
        f"/pledge/business/{links.pledge_manage_token(pledge)}/",
        {"addresses": "a@x.example, b@x.example\nc@x.example"},
    )

    assert PledgeInvite.objects.filter(pledge=pledge).count() == 3


def test_repeated_pledges_from_one_address_are_rate_limited(client, pledge_page, human_token, settings):
    settings.COMMUNITY_FORM_RATE = "3/h"
    statuses = [
        client.post(pledge_page.url, individual(human_token, email=f"p{index}@example.org")).status_code
        for index in range(5)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert Pledge.objects.count() == 3
