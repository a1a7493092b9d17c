"""The donation form refuses hostile input with a clear message and starts nothing; card-testing
defences: per-IP and per-email limits (429), a honeypot, a minimum fill time."""

import time

import pytest
from django.urls import reverse
from djmoney.money import Money

from donations.forms import DonationForm
from donations.models import Donation, Donor, RecurringGift
from tests.fixtures.donation_factories import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", b"Enter the amount"),
        ("0", b"smallest gift"),
        ("-5", b"more than zero"),
        ("1e9", b"Enter an amount like"),
        ("NaN", b"Enter an amount like"),
        ("12.3456", b"two decimal places"),
        ("25,5", b"can&#x27;t tell which amount"),
        ("1,00,000", b"can&#x27;t tell which amount"),
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


@pytest.mark.parametrize(("typed", "cents"), [("25,50", 2550), ("5,00", 500), ("1.250,00", 125000)])
def test_a_decimal_comma_is_charged_as_the_amount_it_shows(client, stripe_fake, donation_page, typed, cents):
    response = client.post(donation_page.url, form_data(amount=typed))

    assert response.status_code == 303
    assert Donation.objects.get().amount == Money(cents, "USD") / 100
    (session,) = stripe_fake.calls("POST", "/v1/checkout/sessions")
    assert session.flat["line_items[0][price_data][unit_amount]"] == str(cents)


@pytest.mark.parametrize(
    ("query", "message", "fee_message"),
    [
        (
            {"amount": "25,50"},
            "You will be charged $25.50.",
            "Add $1.07 so your whole gift of $25.50 arrives.",
        ),
        (
            {"amount": "1.000,00", "cover_fee": "1"},
            "You will be charged $1,030.17.",
            "You will pay $1,030.17: your gift of $1,000.00 plus $30.17 to cover the processing fee.",
        ),
    ],
)
def test_the_amount_to_be_charged_is_shown_before_paying(
    client, donations_settings, query, message, fee_message
):
    # $25.50 + $0.30 over (1 - 2.9%) = $26.57 after Stripe rounds its fee: $1.07 on top; see test_amounts
    # for the gross-up's own oracle.
    response = client.get(reverse("donations:amount_preview"), query)

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    data = response.json()
    assert data["message"] == message
    assert data["fee_message"] == fee_message


@pytest.mark.parametrize("typed", ["25,5", "", "x" * 5000, "1e9", "\u00a0"])
def test_the_charge_preview_explains_an_amount_it_cannot_read(client, donations_settings, typed):
    response = client.get(reverse("donations:amount_preview"), {"amount": typed})

    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is False
    assert data["message"]


def test_a_control_character_in_the_preview_is_refused_before_the_view(client, donations_settings):
    response = client.get(reverse("donations:amount_preview"), {"amount": "25\x00"})

    assert response.status_code == 400  # core's middleware: never reaches the parser or the database


def test_the_donation_page_has_a_charge_summary_before_the_pay_button(client, donation_page):
    body = client.get(donation_page.url).content.decode()

    assert body.index('data-testid="charge-summary"') < body.index("Continue to secure payment")
    assert reverse("donations:amount_preview") in body


def test_a_replayed_form_is_refused_and_starts_nothing_more(client, stripe_fake, donation_page):
    data = form_data()
    assert client.post(donation_page.url, data).status_code == 303

    replay = client.post(donation_page.url, data)

    assert replay.status_code == 400
    assert b"already sent once" in replay.content
    assert Donation.objects.count() == 1
    assert len(stripe_fake.calls("POST", "/v1/checkout/sessions")) == 1


def test_the_anonymous_donation_page_gets_no_session_for_its_token(client, donation_page, settings):
    response = client.get(donation_page.url)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert 'name="started"' in response.content.decode()


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
    assert b"very quick" in response.content

    earlier = DonationForm.human_check_token(issued_at=time.time() - 10)
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
