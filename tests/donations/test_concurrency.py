"""On PostgreSQL: the same paid event delivered twice at the same time, and the success page racing
the webhook, settle a gift once; receipts taken at the same time get distinct numbers."""

import threading

import pytest
from django.db import close_old_connections
from django.test import Client
from djmoney.money import Money

from donations import services
from donations.models import Donation, Receipt
from ledger.models import Posting
from payments import services as payment_services
from tests.fixtures.donation_factories import DonationFactory, aware
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _in_parallel(*calls):
    """Run the calls at the same moment; returns each one's result, in order (any error fails the test)."""
    barrier = threading.Barrier(len(calls))
    errors = []
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a call never finished (deadlock?)"
    assert errors == []
    return results


def test_one_paid_event_delivered_twice_at_once_books_one_gift(stripe_fake, donations_settings):
    donation = DonationFactory(amount=Money(80, "USD"))
    session = stripe_fake.paid_checkout(
        kind="donation", reference=donation.reference, amount_total=donation.amount
    )
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session["id"])
    event = make_event("checkout.session.completed", session)
    responses = []

    _in_parallel(*(lambda: responses.append(post_webhook(Client(), event).status_code) for _ in range(2)))

    assert sorted(responses) == [200, 200]
    assert Posting.objects.filter(source=f"donation:{donation.pk}", kind="payment").count() == 1
    assert Receipt.objects.filter(donation=donation).count() == 1


def test_success_page_and_webhook_racing_settle_once(stripe_fake, donations_settings):
    donation = DonationFactory(amount=Money(45, "USD"))
    session = stripe_fake.paid_checkout(
        kind="donation", reference=donation.reference, amount_total=donation.amount
    )
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session["id"])
    event = make_event("checkout.session.completed", session)

    webhook, synced = _in_parallel(
        lambda: post_webhook(Client(), event),
        lambda: payment_services.checkout_session_sync(session_id=session["id"], kind="donation"),
    )

    assert webhook.status_code == 200
    assert synced is True

    assert Posting.objects.filter(source=f"donation:{donation.pk}", kind="payment").count() == 1
    assert Receipt.objects.filter(donation=donation).count() == 1


def test_receipts_issued_at_the_same_time_get_distinct_sequential_numbers(donations_settings):
    gifts = [DonationFactory() for _ in range(6)]

    _in_parallel(
        *(
            (
                lambda gift=gift: services.donation_confirm(
                    reference=gift.reference,
                    amount_total=gift.amount,
                    occurred_at=aware(2026, 7, 1),
                    notify=False,
                )
            )
            for gift in gifts
        )
    )

    sequences = sorted(Receipt.objects.filter(year=2026).values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4, 5, 6]
