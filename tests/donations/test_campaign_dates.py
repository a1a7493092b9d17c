"""A donation page takes gifts only inside its campaign's dates (both inclusive): before the start or
after the end it explains why instead of showing the form, and a posted form records nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from djmoney.money import Money

from donations import services
from donations.models import Donation, Donor, RecurringGift
from donations.services import CampaignClosed, GiftRequest
from tests.fixtures.donation_factories import form_data

pytestmark = pytest.mark.django_db

FORM_BUTTON = "Continue to secure payment"


def _set_dates(campaign, *, starts_on, ends_on=None):
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    campaign.save(update_fields=["starts_on", "ends_on"])


def _nothing_recorded():
    return not Donation.objects.exists() and not RecurringGift.objects.exists() and not Donor.objects.exists()


def test_an_ended_campaign_shows_a_message_instead_of_the_form(client, donation_page, campaign):
    today = timezone.localdate()
    _set_dates(campaign, starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1))

    response = client.get(donation_page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Spring appeal ended on" in html
    assert "no longer takes gifts" in html
    assert FORM_BUTTON not in html
    assert 'name="amount"' not in html


def test_a_campaign_not_yet_started_says_when_it_opens(client, donation_page, campaign):
    today = timezone.localdate()
    _set_dates(campaign, starts_on=today + dt.timedelta(days=3))

    html = client.get(donation_page.url).content.decode()

    assert "Spring appeal opens for gifts on" in html
    assert FORM_BUTTON not in html


def test_posting_to_an_ended_campaign_is_refused_readably_and_records_nothing(
    client, stripe_fake, donation_page, campaign
):
    today = timezone.localdate()
    _set_dates(campaign, starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1))

    response = client.post(donation_page.url, form_data(amount="75"))

    html = response.content.decode()
    assert response.status_code == 409
    assert "no longer takes gifts" in html
    assert "nothing has been charged" in html
    assert 'role="alert"' in html
    assert _nothing_recorded()
    assert stripe_fake.calls("POST", "/v1/checkout/sessions") == []


def test_posting_a_monthly_gift_before_the_start_is_refused_and_records_nothing(
    client, stripe_fake, donation_page, campaign
):
    _set_dates(campaign, starts_on=timezone.localdate() + dt.timedelta(days=1))

    response = client.post(donation_page.url, form_data(frequency="monthly"))

    assert response.status_code == 409
    assert "opens for gifts on" in response.content.decode()
    assert _nothing_recorded()
    assert stripe_fake.calls("POST", "/v1/checkout/sessions") == []


def test_gifts_are_taken_on_the_first_and_last_day(client, stripe_fake, donation_page, campaign):
    today = timezone.localdate()
    _set_dates(campaign, starts_on=today, ends_on=today)

    assert FORM_BUTTON in client.get(donation_page.url).content.decode()
    response = client.post(donation_page.url, form_data())

    assert response.status_code == 303
    assert Donation.objects.get().campaign == campaign


def test_the_service_refuses_a_gift_to_a_closed_campaign_whoever_calls_it(stripe_fake, campaign, counseling):
    today = timezone.localdate()
    _set_dates(campaign, starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=2))
    gift = GiftRequest(email="late@example.org", amount=Money(40, "USD"), campaign_id=campaign.pk)

    with pytest.raises(CampaignClosed, match="no longer takes gifts"):
        services.donation_start(gift=gift, success_url="https://x.test/ok", cancel_url="https://x.test/no")

    assert _nothing_recorded()
    assert stripe_fake.calls("POST", "/v1/checkout/sessions") == []
