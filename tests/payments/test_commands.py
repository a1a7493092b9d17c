"""`stripe_replay_events` and `stripe_reconcile --since`: nothing Stripe sent is lost."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from djmoney.money import Money

from payments.models import StripeEvent
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_replay_applies_failed_events_once_they_can_succeed(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-700", amount_total=Money("12.00", "USD"))
    event = make_event("checkout.session.completed", session)
    test_handler.fail_next("payment_settled")
    assert post_webhook(client, event).status_code == 500

    output = run("stripe_replay_events")

    assert f"{event['id']}: processed" in output
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED
    assert len(test_handler.effects("payment_settled")) == 1
    assert "Nothing to replay" in run("stripe_replay_events")


def test_replay_reports_events_that_fail_again(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-701", amount_total=Money("12.00", "USD"))
    test_handler.fail_next("payment_settled", times=2)
    post_webhook(client, make_event("checkout.session.completed", session))

    with pytest.raises(CommandError, match="failed again"):
        run("stripe_replay_events")


def test_replay_by_id_and_dry_run(client, stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-702", amount_total=Money("12.00", "USD"))
    event = make_event("checkout.session.completed", session)
    test_handler.fail_next("payment_settled")
    post_webhook(client, event)

    assert "would replay" in run("stripe_replay_events", "--dry-run")
    assert test_handler.effects() == []
    with pytest.raises(CommandError, match="Not in the inbox"):
        run("stripe_replay_events", "evt_unknown")
    assert "processed" in run("stripe_replay_events", event["id"])


def test_replay_rejects_a_bad_since(stripe_keys, test_handler):
    with pytest.raises(CommandError, match="--since"):
        run("stripe_replay_events", "--since", "last tuesday")


def test_reconcile_applies_an_event_that_was_never_delivered(client, stripe_fake, test_handler):
    delivered_session = stripe_fake.paid_checkout(
        kind="test", reference="T-710", amount_total=Money("5.00", "USD")
    )
    lost_session = stripe_fake.paid_checkout(
        kind="test", reference="T-711", amount_total=Money("7.00", "USD")
    )
    delivered = stripe_fake.put(make_event("checkout.session.completed", delivered_session))
    lost = stripe_fake.put(make_event("checkout.session.completed", lost_session))
    post_webhook(client, delivered)

    output = run("stripe_reconcile", "--since", "48h")

    assert f"{lost['id']}: processed" in output
    assert delivered["id"] not in output
    assert {effect["reference"] for effect in test_handler.effects("payment_settled")} == {"T-710", "T-711"}
    assert StripeEvent.objects.get(event_id=lost["id"]).source == StripeEvent.Source.RECONCILE
    listings = stripe_fake.calls("GET", "/v1/events")
    since = timezone.now() - dt.timedelta(hours=48)
    for listing in listings:
        assert abs(int(listing.params["created"]["gte"]) - int(since.timestamp())) < 60
        assert len(listing.params["types"]) <= 20  # Stripe's limit per request
    listed_types = {t for listing in listings for t in listing.params["types"]}
    assert {"checkout.session.completed", "invoice.paid", "invoice.overdue"} <= listed_types


def test_reconcile_pages_through_stripes_list_and_retries_unfinished_events(
    client, stripe_fake, test_handler
):
    events = []
    for index in range(105):
        session = stripe_fake.paid_checkout(
            kind="test", reference=f"T-8{index:02d}", amount_total=Money("5.00", "USD")
        )
        events.append(
            stripe_fake.put(make_event("checkout.session.completed", session, created=1_900_000_000 + index))
        )
    test_handler.fail_next("payment_settled")
    post_webhook(client, events[0])  # delivered, but failed

    run("stripe_reconcile", "--since", "2026-01-01")

    session_pages = [
        call
        for call in stripe_fake.calls("GET", "/v1/events")
        if "checkout.session.completed" in call.params["types"]
    ]
    assert len(session_pages) == 2  # 105 events: two pages of at most 100
    assert len(test_handler.effects("payment_settled")) == 105


def test_reconcile_dry_run_changes_nothing(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(kind="test", reference="T-720", amount_total=Money("5.00", "USD"))
    stripe_fake.put(make_event("checkout.session.completed", session))

    output = run("stripe_reconcile", "--since", "7d", "--dry-run")

    assert "would apply" in output
    assert StripeEvent.objects.count() == 0


def test_reconcile_needs_stripe_keys(test_handler):
    with pytest.raises(CommandError, match="STRIPE_SECRET_KEY"):
        run("stripe_reconcile", "--since", "7d")


def test_prune_deletes_only_old_processed_events(stripe_keys, test_handler):
    def stored(event_id, status, days_old):
        event = StripeEvent.objects.create(
            event_id=event_id, type="x", stripe_created_at=timezone.now(), payload={}, status=status
        )
        StripeEvent.objects.filter(pk=event.pk).update(
            received_at=timezone.now() - dt.timedelta(days=days_old)
        )

    stored("evt_old_done", StripeEvent.Status.PROCESSED, 500)
    stored("evt_old_failed", StripeEvent.Status.FAILED, 500)
    stored("evt_recent", StripeEvent.Status.PROCESSED, 10)

    assert "Would delete 1" in run("stripe_prune_events", "--dry-run")
    assert "Deleted 1" in run("stripe_prune_events")
    assert set(StripeEvent.objects.values_list("event_id", flat=True)) == {"evt_old_failed", "evt_recent"}
    with pytest.raises(CommandError, match="at least 35"):
        run("stripe_prune_events", "--days", "3")
