"""Cards declined inside Stripe Checkout (payment_intent.payment_failed) count toward the staff alert
for decline spikes (card testing) but leave the gift open: the donor may retry on the same page."""

import pytest
from django.core import mail
from djmoney.money import Money

from donations.models import Donation, GiftStatus, Receipt
from ledger.models import Posting
from tests.fixtures.donation_factories import form_data
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert_settings(settings):
    settings.DONATIONS_DECLINE_ALERT_THRESHOLD = 3
    settings.DONATIONS_DECLINE_WINDOW_SECONDS = 3600
    settings.STAFF_ALERT_EMAILS = ["alerts@example.org"]
    return settings


def _start_gift(client, page):
    response = client.post(page.url, form_data())
    assert response.status_code == 303, response.content.decode()[:2000]
    return Donation.objects.get()


def _declined(stripe_fake, metadata):
    intent = stripe_fake.obj(
        "payment_intent",
        status="requires_payment_method",
        amount=2500,
        currency="usd",
        metadata=metadata,
        last_payment_error={"type": "card_error", "code": "card_declined", "decline_code": "stolen_card"},
    )
    return make_event("payment_intent.payment_failed", intent)


def _alerts():
    return [m for m in mail.outbox if m.to == ["alerts@example.org"]]


def test_a_declined_card_leaves_the_gift_pending_and_books_nothing(
    client, stripe_fake, donation_page, alert_settings, django_capture_on_commit_callbacks
):
    donation = _start_gift(client, donation_page)
    event = _declined(stripe_fake, {"kind": "donation", "reference": donation.reference})

    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, event).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.PENDING
    assert not Posting.objects.exists()
    assert not Receipt.objects.exists()
    assert _alerts() == []


def test_declines_spiking_in_the_window_send_staff_one_alert(
    client, stripe_fake, donation_page, alert_settings, django_capture_on_commit_callbacks
):
    donation = _start_gift(client, donation_page)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            event = _declined(stripe_fake, {"kind": "donation", "reference": donation.reference})
            assert post_webhook(client, event).status_code == 200

    [alert] = _alerts()
    assert "declines are spiking" in alert.subject
    donation.refresh_from_db()
    assert donation.status == GiftStatus.PENDING


def test_a_redelivered_decline_counts_once(
    client, stripe_fake, donation_page, alert_settings, django_capture_on_commit_callbacks
):
    donation = _start_gift(client, donation_page)
    first = _declined(stripe_fake, {"kind": "donation", "reference": donation.reference})
    second = _declined(stripe_fake, {"kind": "donation", "reference": donation.reference})

    with django_capture_on_commit_callbacks(execute=True):
        for event in (first, first, first, second):
            post_webhook(client, event)

    assert _alerts() == []  # two distinct declines, under the threshold of three


def test_declines_without_our_metadata_are_ignored_and_not_counted(
    client, stripe_fake, donation_page, alert_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert post_webhook(client, _declined(stripe_fake, {})).status_code == 200

    assert _alerts() == []


def test_the_donor_can_still_give_after_a_declined_card(client, stripe_fake, donation_page, alert_settings):
    donation = _start_gift(client, donation_page)
    post_webhook(client, _declined(stripe_fake, {"kind": "donation", "reference": donation.reference}))

    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        fee=Money("1.00", "USD"),
        session_overrides={"id": donation.checkout_session_id},
    )
    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.PAID
