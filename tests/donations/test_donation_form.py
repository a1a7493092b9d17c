"""The donation form refuses hostile input with a clear message and starts nothing; card-testing
defences: per-IP and per-email limits (429), a honeypot, a minimum fill time."""

import time

import pytest
from django.core import signing
from djmoney.money import Money

from donations.models import Donation, Donor, RecurringGift
from tests.donations.factories import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", b"Enter the amount"),
        ("0", b"smallest gift"),
        ("-5", b"more than zero"),
        ("1e9", b"Enter an amount like"),
        ("NaN", b"Enter an amount like"),
        ("12.345", b"two decimal places"),
        ("99999999", b"limited to"),
    ],
)
def test_hostile_amounts_are_refused_and_start_nothing(client, stripe_fake, donation_page, amount, message):
    response = client.post(donation_page.url, form_data(amount=amount))

    assert response.status_code == 400
    assert message in response.content
    assert not Donation.objects.exists()
    assert not stripe_fake.calls("POST", "/v1/checkout/sessions")


def test_full_width_digits_are_read_as_the_amount_they_show(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(amount="\uff11\uff10\uff10"))

    assert response.status_code == 303
    assert Donation.objects.get().amount == Money(100, "USD")


def test_a_preset_amount_is_used_when_no_other_amount_is_typed(client, stripe_fake, donation_page):
    client.post(donation_page.url, form_data(amount="", preset="25.00"))
    assert Donation.objects.get().amount == Money(25, "USD")


def test_a_10_mb_comment_is_refused_without_creating_anything(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(comment="x" * (10 * 1024 * 1024)))

    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_a_long_comment_gets_a_field_error_and_keeps_what_was_typed(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(comment="x" * 5000, first_name="Keep"))

    assert response.status_code == 400
    assert b"at most 1000 characters" in response.content
    assert b'value="Keep"' in response.content


def test_a_currency_we_do_not_accept_is_refused(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(currency="EUR"))
    assert response.status_code == 400
    assert b"only accept gifts in US dollars" in response.content


def test_a_designation_not_offered_on_the_page_is_refused(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(designation="operations"))
    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_tribute_needs_an_honoree_name(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(tribute_type="memory"))
    assert response.status_code == 400
    assert b"whom this gift honours" in response.content


def test_a_filled_honeypot_is_refused(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_an_inhumanly_fast_submit_is_refused(client, stripe_fake, donation_page, settings):
    settings.DONATIONS_MIN_FILL_SECONDS = 3
    response = client.post(donation_page.url, form_data())
    assert response.status_code == 400
    assert b"wait a moment" in response.content

    earlier = signing.dumps(int(time.time()) - 10, salt="donations.form-timer")
    assert client.post(donation_page.url, form_data(started=earlier)).status_code == 303


def test_a_forged_timer_is_refused(client, stripe_fake, donation_page):
    response = client.post(donation_page.url, form_data(started="12345"))
    assert response.status_code == 400


def test_repeated_starts_from_one_address_are_throttled_with_a_readable_429(
    client, stripe_fake, donation_page, settings
):
    settings.DONATIONS_RATE_LIMIT_IP = "3/h"
    settings.DONATIONS_RATE_LIMIT_EMAIL = "100/h"
    codes = [
        client.post(donation_page.url, form_data(email=f"d{i}@example.org")).status_code for i in range(5)
    ]

    assert codes == [303, 303, 303, 429, 429]
    response = client.post(donation_page.url, form_data(email="late@example.org"))
    assert b"Too many attempts" in response.content
    assert Donation.objects.count() == 3


def test_mistyped_amounts_do_not_count_toward_the_limit_but_bots_are_still_refused(
    client, stripe_fake, donation_page, settings
):
    settings.DONATIONS_RATE_LIMIT_IP = "3/h"
    settings.DONATIONS_RATE_LIMIT_EMAIL = "3/h"
    typos = [client.post(donation_page.url, form_data(amount="5O", preset="")).status_code for _ in range(6)]
    bot = client.post(donation_page.url, form_data(website="http://spam.example"))

    assert typos == [400] * 6
    assert bot.status_code == 400
    assert client.post(donation_page.url, form_data()).status_code == 303  # the donor can still give
    assert Donation.objects.count() == 1


def test_repeated_starts_for_one_email_are_throttled(client, stripe_fake, donation_page, settings):
    settings.DONATIONS_RATE_LIMIT_IP = "100/h"
    settings.DONATIONS_RATE_LIMIT_EMAIL = "2/h"
    codes = [
        client.post(
            donation_page.url, form_data(email="Same@Example.org"), REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(3)
    ]
    assert codes == [303, 303, 429]


def test_monthly_gift_starts_a_subscription_checkout(client, stripe_fake, donation_page):
    client.post(donation_page.url, form_data(frequency="monthly", amount="50", cover_fee="on"))

    gift = RecurringGift.objects.get()
    assert gift.amount == Money(50, "USD")
    assert gift.fee_covered == Money("1.80", "USD")
    params = stripe_fake.calls("POST", "/v1/checkout/sessions")[0].params
    assert params["mode"] == "subscription"
    price = params["line_items"][0]["price_data"]
    assert price["unit_amount"] == "5180"
    assert price["recurring"]["interval"] == "month"


def test_the_same_donor_email_in_another_case_is_one_donor(client, stripe_fake, donation_page):
    client.post(donation_page.url, form_data(email="Dana@Example.org"))
    client.post(donation_page.url, form_data(email="dana@example.org"))
    assert Donor.objects.count() == 1


def test_the_page_shows_the_form_and_progress(client, donation_page):
    response = client.get(donation_page.url)
    assert response.status_code == 200
    assert b"Where most needed" in response.content
    assert b"Counseling" in response.content
    assert b"raised of $10,000 goal" in response.content
