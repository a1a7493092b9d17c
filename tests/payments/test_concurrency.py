"""On PostgreSQL, deliveries racing in parallel threads still have exactly one effect."""

import threading

import pytest
from django.db import connection
from django.test import Client
from djmoney.money import Money

from payments.models import StripeEvent
from payments.services import checkout_session_sync
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_parallel(*jobs):
    """Start every job at the same moment, each on its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def runner(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a job never finished (deadlock?)"
    assert not errors, errors
    return results


def test_the_same_event_delivered_in_parallel_threads_has_one_effect(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-900", amount_total=Money("10.00", "USD"))
    event = make_event("checkout.session.completed", session)

    responses = run_in_parallel(*[lambda: post_webhook(Client(), event) for _ in range(4)])

    assert [response.status_code for response in responses] == [200] * 4
    assert sorted(response.json()["outcome"] for response in responses).count("processed") == 1
    assert StripeEvent.objects.count() == 1
    assert len(test_handler.effects("payment_settled", "T-900")) == 1


def test_completed_and_async_succeeded_racing_settle_once(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-901", amount_total=Money("10.00", "USD"))
    completed = make_event("checkout.session.completed", session)
    succeeded = make_event("checkout.session.async_payment_succeeded", session)

    run_in_parallel(lambda: post_webhook(Client(), completed), lambda: post_webhook(Client(), succeeded))

    assert len(test_handler.effects("payment_settled", "T-901")) == 1


def test_success_page_and_webhook_racing_fulfil_once(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-902", amount_total=Money("10.00", "USD"))
    event = make_event("checkout.session.completed", session)

    results = run_in_parallel(
        lambda: checkout_session_sync(session_id=session["id"], kind="test"),
        lambda: post_webhook(Client(), event).status_code,
        lambda: checkout_session_sync(session_id=session["id"], kind="test"),
    )

    assert results == [True, 200, True]
    assert len(test_handler.effects("payment_settled", "T-902")) == 1
