"""Recurring gifts through subscription mode: each paid invoice is one gift, one posting, one
receipt; a failed invoice makes the gift past due and emails a card-update link; deletion ends it.
Every event may arrive twice and out of order."""

import random

import pytest
from django.core import mail
from djmoney.money import Money

from donations.models import Donation, Receipt, RecurringGift, RecurringStatus
from donations.services import GiftRequest
from donations.services.checkout import _pending_gift_create
from ledger.models import Posting
from tests.fixtures import stripe_events
from tests.fixtures.stripe import post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly_gift(donations_settings, counseling):
    gift = _pending_gift_create(
        gift=GiftRequest(
            email="monthly@example.org",
            first_name="Mo",
            last_name="Nthly",
            amount=Money(50, "USD"),
            frequency="monthly",
            designation_key="counseling",
            designation_label="Counseling",
            tribute_type="honour",
            honoree_name="Grandma Rose",
        )
    )
    RecurringGift.objects.filter(pk=gift.pk).update(checkout_session_id="cs_test_monthly0001")
    gift.refresh_from_db()
    return gift


def _deliver(client, events):
    for event in events:
        response = post_webhook(client, event)
        assert response.status_code == 200, response.content


def test_checkout_completion_starts_the_gift_and_books_the_first_payment(
    client, stripe_fake, monthly_gift, django_capture_on_commit_callbacks
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first0001")
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(client, [stripe_events.event("checkout.session.completed", session)])

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ACTIVE
    assert monthly_gift.stripe_subscription_id == session["subscription"]
    gift = Donation.objects.get(recurring_gift=monthly_gift)
    assert gift.amount == Money(50, "USD")
    assert gift.honoree_name == "Grandma Rose"
    assert Posting.objects.filter(source=f"donation:{gift.pk}", kind="payment").count() == 1
    assert "in honour of Grandma Rose" in Receipt.objects.get(donation=gift).description
    assert [m.to for m in mail.outbox] == [["monthly@example.org"]]


def test_three_invoices_a_failure_and_a_cancellation_twice_and_out_of_order(
    client, stripe_fake, monthly_gift, django_capture_on_commit_callbacks
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first0002")
    subscription_id = session["subscription"]
    paid = [stripe_events.invoice(stripe_fake, monthly_gift, subscription_id) for _ in range(3)]
    failed = stripe_events.invoice(stripe_fake, monthly_gift, subscription_id, paid=False)
    ended = stripe_events.subscription(stripe_fake, monthly_gift, subscription_id, status="canceled")
    events = [
        stripe_events.event("checkout.session.completed", session),
        *(stripe_events.event("invoice.paid", invoice) for invoice in paid),
        stripe_events.event("invoice.payment_failed", failed),
        stripe_events.event("customer.subscription.deleted", ended),
    ]
    deliveries = events * 2
    random.Random(7).shuffle(deliveries)

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(client, deliveries)

    monthly_gift.refresh_from_db()
    gifts = Donation.objects.filter(recurring_gift=monthly_gift)
    assert gifts.count() == 4
    assert Posting.objects.filter(source__in=[f"donation:{g.pk}" for g in gifts], kind="payment").count() == 4
    assert Receipt.objects.filter(donation__in=gifts, status="issued").count() == 4
    assert monthly_gift.status == RecurringStatus.ENDED
    receipts_sent = [m for m in mail.outbox if m.subject.startswith("Your receipt")]
    assert len(receipts_sent) == 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_delivery_order_ends_in_the_same_state(client, stripe_fake, monthly_gift, seed):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id=f"in_first_{seed}")
    subscription_id = session["subscription"]
    paid = [stripe_events.invoice(stripe_fake, monthly_gift, subscription_id) for _ in range(3)]
    ended = stripe_events.subscription(stripe_fake, monthly_gift, subscription_id, status="canceled")
    events = [
        stripe_events.event("checkout.session.completed", session),
        *(stripe_events.event("invoice.paid", invoice) for invoice in paid),
        stripe_events.event("customer.subscription.deleted", ended),
    ] * 2
    random.Random(seed).shuffle(events)

    _deliver(client, events)

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ENDED
    assert Donation.objects.filter(recurring_gift=monthly_gift).count() == 4


def test_failed_invoice_marks_past_due_and_emails_the_card_update_link_once(
    client, stripe_fake, monthly_gift, django_capture_on_commit_callbacks
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first0003")
    failed = stripe_events.invoice(stripe_fake, monthly_gift, session["subscription"], paid=False)
    _deliver(client, [stripe_events.event("checkout.session.completed", session)])
    mail.outbox.clear()
    failure = stripe_events.event("invoice.payment_failed", failed)

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(client, [failure, failure])

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.PAST_DUE
    assert len(mail.outbox) == 1
    assert "https://invoice.stripe.com/i/acct_fake/test_update_card" in mail.outbox[0].body
    assert "/giving/portal/" in mail.outbox[0].body


def test_a_paid_invoice_after_a_failure_makes_the_gift_active_again(client, stripe_fake, monthly_gift):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first0004")
    failed = stripe_events.invoice(stripe_fake, monthly_gift, session["subscription"], paid=False)
    retried = stripe_events.invoice(stripe_fake, monthly_gift, session["subscription"])
    now = int(__import__("time").time())

    _deliver(
        client,
        [
            stripe_events.event("checkout.session.completed", session, created=now - 100),
            stripe_events.event("invoice.payment_failed", failed, created=now - 50),
            stripe_events.event("invoice.paid", retried, created=now),
        ],
    )

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ACTIVE
    assert monthly_gift.past_due_since is None


def test_past_due_gifts_are_listed_for_development(admin_client, client, stripe_fake, monthly_gift):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first0005")
    failed = stripe_events.invoice(stripe_fake, monthly_gift, session["subscription"], paid=False)
    _deliver(
        client,
        [
            stripe_events.event("checkout.session.completed", session),
            stripe_events.event("invoice.payment_failed", failed),
        ],
    )

    response = admin_client.get("/admin/giving/past-due/")

    assert response.status_code == 200
    assert b"monthly@example.org" in response.content
