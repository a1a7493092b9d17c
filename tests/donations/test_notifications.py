"""Tribute e-cards, the staff alert when declines spike, and subscription state from Stripe."""

import pytest
from django.core import mail
from djmoney.money import Money

from donations import services
from donations.models import RecurringStatus
from donations.services import GiftRequest
from donations.services.checkout import _pending_gift_create
from donations.services.notifications import decline_note
from tests.fixtures.donation_factories import DonationFactory, aware

pytestmark = pytest.mark.django_db


def test_a_tribute_gift_sends_one_ecard_without_the_amount(
    donations_settings, django_capture_on_commit_callbacks
):
    donation = DonationFactory(
        amount=Money("123.45", "USD"),
        tribute_type="memory",
        honoree_name="Aunt June",
        tribute_notify_email="family@example.org",
        tribute_message="She believed in second chances.",
        donor__first_name="Sam",
        donor__last_name="Giver",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.donation_confirm(
            reference=donation.reference, amount_total=donation.amount, occurred_at=aware(2026, 6, 1)
        )
        services.donation_confirm(
            reference=donation.reference, amount_total=donation.amount, occurred_at=aware(2026, 6, 1)
        )

    ecards = [m for m in mail.outbox if m.to == ["family@example.org"]]
    assert len(ecards) == 1
    assert "in memory of Aunt June" in ecards[0].subject
    assert "Sam Giver" in ecards[0].body
    assert "She believed in second chances." in ecards[0].alternatives[0][0]
    assert "123.45" not in ecards[0].body


def test_an_anonymous_tribute_ecard_does_not_name_the_donor(
    donations_settings, django_capture_on_commit_callbacks
):
    donation = DonationFactory(
        tribute_type="honour",
        honoree_name="Coach Lee",
        tribute_notify_email="c@example.org",
        anonymous=True,
        donor__first_name="Secret",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.donation_confirm(
            reference=donation.reference, amount_total=donation.amount, occurred_at=aware(2026, 6, 1)
        )

    ecard = next(m for m in mail.outbox if m.to == ["c@example.org"])
    assert "Secret" not in ecard.body


def test_staff_are_alerted_once_when_declines_spike(settings, db, django_capture_on_commit_callbacks):
    settings.DONATIONS_DECLINE_ALERT_THRESHOLD = 5
    settings.STAFF_ALERT_EMAILS = ["alerts@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(12):
            decline_note()

    alerts = [m for m in mail.outbox if m.to == ["alerts@example.org"]]
    assert len(alerts) == 1
    assert "declines are spiking" in alerts[0].subject


def test_failed_one_time_payments_count_toward_the_alert(
    settings, donations_settings, django_capture_on_commit_callbacks
):
    settings.DONATIONS_DECLINE_ALERT_THRESHOLD = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.donation_mark_failed(reference=DonationFactory().reference, reason="card_declined")
    assert any("spiking" in m.subject for m in mail.outbox)


def test_subscription_events_move_the_state_but_never_revive_an_ended_gift(donations_settings, counseling):
    gift = _pending_gift_create(
        gift=GiftRequest(email="s@example.org", amount=Money(20, "USD"), frequency="yearly")
    )
    ref = gift.reference

    services.recurring_subscription_sync(reference=ref, status="active", occurred_at=aware(2026, 1, 1))
    assert type(gift).objects.get(pk=gift.pk).status == RecurringStatus.ACTIVE
    services.recurring_subscription_sync(reference=ref, status="past_due", occurred_at=aware(2026, 2, 1))
    services.recurring_subscription_sync(
        reference=ref, status="active", occurred_at=aware(2026, 1, 15)
    )  # stale
    assert type(gift).objects.get(pk=gift.pk).status == RecurringStatus.PAST_DUE
    services.recurring_subscription_sync(
        reference=ref, status="canceled", occurred_at=aware(2026, 3, 1), deleted=True
    )
    services.recurring_subscription_sync(reference=ref, status="active", occurred_at=aware(2026, 4, 1))
    assert type(gift).objects.get(pk=gift.pk).status == RecurringStatus.ENDED
