"""On PostgreSQL: two payments that arrive after their seat holds lapsed, at the same time, for the last
seats: the offer's row lock lets exactly one take them; the other is flagged for staff."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from djmoney.money import Money

from donations.models import Donation, GiftKind, GiftStatus, TicketType
from donations.services.tickets import SEAT_HOLD
from tests.fixtures.donation_factories import DonorFactory
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_late_payments_for_the_last_seats_at_once_oversell_one_and_flag_it(stripe_fake, make_gala):
    event = make_gala(capacity=3)
    ticket = TicketType.objects.get(page=event)
    lapsed = timezone.now() - SEAT_HOLD - dt.timedelta(minutes=5)
    purchases = []
    for n in range(2):
        purchase = Donation.objects.create(
            donor=DonorFactory(),
            kind=GiftKind.TICKET,
            amount=Money(200, "USD"),
            event=event,
            ticket_type=ticket,
            quantity=2,
        )
        session = stripe_fake.paid_checkout(
            kind="donation", reference=purchase.reference, amount_total=purchase.amount
        )
        Donation.objects.filter(pk=purchase.pk).update(created_at=lapsed, checkout_session_id=session["id"])
        purchases.append((purchase, make_event("checkout.session.completed", session)))
    barrier = threading.Barrier(2, timeout=30)
    statuses, errors = [], []

    def deliver(event_payload):
        try:
            barrier.wait()
            statuses.append(post_webhook(Client(), event_payload).status_code)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=deliver, args=(payload,)) for _, payload in purchases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a delivery deadlocked"

    assert errors == []
    assert statuses == [200, 200]
    settled = Donation.objects.filter(event=event)
    assert sorted(d.status for d in settled) == [GiftStatus.PAID, GiftStatus.PAID]
    assert sorted(d.oversold for d in settled) == [False, True]
