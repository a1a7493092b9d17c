"""Form pages (contact, event hosting): what a visitor sends arrives once, spam and abuse do not."""

import time

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms import spam
from core import antibot

SCRIPT = '<script>alert("x")</script><b>bold</b>'


def post_data(**overrides):
    data = {
        "your_name": "Ana Example",
        "email": "ana@example.org",
        "message": "We would like to host a candle-making evening.",
        spam.HONEYPOT_FIELD: "",
        spam.TOKEN_FIELD: spam.SpamProtectionMixin.human_check_token(issued_at=time.time() - 60),
    }
    data.update(overrides)
    return data


@pytest.fixture
def contact(make_form_page):
    return make_form_page(slug="contact", thank_you_text="<p>Thanks, we will reply soon.</p>")


@pytest.mark.django_db
def test_a_valid_submission_is_stored_and_emailed_to_staff_as_text_and_html(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, post_data(), REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 200
    assert "Thanks, we will reply soon." in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["message"] == "We would like to host a candle-making evening."
    assert spam.HONEYPOT_FIELD not in submission.form_data
    assert spam.TOKEN_FIELD not in submission.form_data
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["team@example.org"]
    assert email.reply_to == ["ana@example.org"]
    assert "Message: We would like to host a candle-making evening." in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Ana Example" in html


@pytest.mark.django_db
def test_the_form_renders_a_honeypot_hidden_from_people_and_screen_readers(client, contact):
    html = client.get(contact.url).content.decode()

    assert 'class="hp-field" aria-hidden="true"' in html
    assert f'name="{spam.HONEYPOT_FIELD}"' in html
    assert 'tabindex="-1"' in html
    assert f'name="{spam.TOKEN_FIELD}"' in html


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_and_nothing_is_stored_or_sent(client, contact):
    response = client.post(contact.url, post_data(**{spam.HONEYPOT_FIELD: "+1 555 0100"}))

    assert response.status_code == 200
    assert antibot.REFUSED_MESSAGE in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_form_sent_seconds_after_loading_is_refused_as_too_fast(client, contact):
    response = client.post(
        contact.url, post_data(**{spam.TOKEN_FIELD: spam.SpamProtectionMixin.human_check_token()})
    )

    assert antibot.TOO_FAST_MESSAGE in response.content.decode()
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token", ["", "forged", spam.SpamProtectionMixin.human_check_token(issued_at=time.time() - 3 * 86400)]
)
def test_a_missing_forged_or_expired_start_token_is_refused_but_the_form_can_be_resent(
    client, contact, token
):
    response = client.post(contact.url, post_data(**{spam.TOKEN_FIELD: token}))

    html = response.content.decode()
    assert antibot.EXPIRED_MESSAGE in html
    assert not FormSubmission.objects.exists()
    # What the visitor typed is kept, and a fresh start time is issued with it.
    assert "We would like to host a candle-making evening." in html
    assert f'value="{token}"' not in html or token == ""


@pytest.mark.django_db
def test_oversized_fields_are_rejected_with_a_message_and_nothing_is_stored(client, contact):
    response = client.post(contact.url, post_data(your_name="A" * 256, message="m" * 5001))

    html = response.content.decode()
    assert "Ensure this value has at most 255 characters" in html
    assert "Ensure this value has at most 5000 characters" in html
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_an_invalid_email_address_is_reported_next_to_the_field(client, contact):
    response = client.post(contact.url, post_data(email="not-an-address"))

    assert "Enter a valid email address." in response.content.decode()
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_markup_in_fields_is_stored_verbatim_but_escaped_in_the_admin_and_the_email(
    client, contact, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, post_data(your_name=SCRIPT, message=SCRIPT))
    assert FormSubmission.objects.get().get_data()["message"] == SCRIPT

    client.force_login(staff_user("Development"))
    listing = client.get(f"/admin/forms/submissions/{contact.pk}/").content.decode()
    assert "&lt;script&gt;alert(" in listing
    assert SCRIPT not in listing

    html, _mimetype = mail.outbox[0].alternatives[0]
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_markup_in_a_failed_submission_is_escaped_when_the_form_is_shown_again(client, contact):
    response = client.post(contact.url, post_data(your_name=SCRIPT, email="bad"))

    html = response.content.decode()
    assert "&lt;script&gt;alert(" in html
    assert '<script>alert("x")' not in html


@pytest.mark.django_db
def test_too_many_submissions_from_one_address_get_a_readable_429(client, contact, settings):
    settings.CMS_FORM_RATE = "3/h"
    for _ in range(3):
        assert client.post(contact.url, post_data(), REMOTE_ADDR="198.51.100.7").status_code == 200

    response = client.post(contact.url, post_data(), REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert FormSubmission.objects.count() == 3
    # Another visitor is not affected, and reading the page is never limited.
    assert client.post(contact.url, post_data(), REMOTE_ADDR="198.51.100.8").status_code == 200
    assert client.get(contact.url, REMOTE_ADDR="198.51.100.7").status_code == 200


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_does_not_escape_the_limit_without_a_trusted_proxy(
    client, contact, settings
):
    settings.CMS_FORM_RATE = "2/h"
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        client.post(
            contact.url, post_data(), REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_behind_a_configured_proxy_the_client_address_comes_from_forwarded_for(client, contact, settings):
    settings.CMS_FORM_RATE = "2/h"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = [
        client.post(
            contact.url, post_data(), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.10", **proxy
        ).status_code
        for _ in range(3)
    ]
    other = client.post(contact.url, post_data(), HTTP_X_FORWARDED_FOR="203.0.113.11", **proxy)

    assert first == [200, 200, 429]  # the left-most, client-written hop is ignored
    assert other.status_code == 200
