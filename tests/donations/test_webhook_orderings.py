"""Events in every order, to the real donations handlers through the signed webhook, Stripe faked only at
the transport: refunds reported by both `refund.created` and `charge.refunded`, before and after the
payment; a subscription's events out of order, its first invoice, and invoices after it ended. The
ledger is checked leg by leg against what the rules say (fees to operations, kept by Stripe on refunds)."""

from decimal import Decimal

import pytest
from django.core import mail
from djmoney.money import Money

from core.money import to_minor_units
from donations.models import Donation, GiftStatus, Receipt, RecurringGift, RecurringStatus
from donations.services import GiftRequest
from donations.services.checkout import _pending_gift_create
from ledger.models import Entry, Posting
from tests.fixtures import stripe_events
from tests.fixtures.donation_factories import DonationFactory
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _deliver(client, *events):
    for event in events:
        response = post_webhook(client, event)
        assert response.status_code == 200, response.content


def _legs(source: str) -> dict[str, set[tuple[str, str, str, Decimal]]]:
    """Every posting of a source as {kind: {(account, fund, role, amount)}}."""
    postings: dict[str, set] = {}
    for entry in Entry.objects.filter(posting__source=source).select_related("posting", "account", "fund"):
        postings.setdefault(entry.posting.kind, set()).add(
            (entry.account.slug, entry.fund.slug if entry.fund else "", entry.role, entry.amount.amount)
        )
    return postings


def _payment_legs(gross: str, fee: str) -> set:
    # The donor's whole gift to counseling; Stripe's fee charged to operations, withheld from the balance.
    return {
        ("stripe-balance", "", "gross", Decimal(gross)),
        ("counseling", "counseling", "revenue", -Decimal(gross)),
        ("processing-fees", "operations", "fee", Decimal(fee)),
        ("stripe-balance", "", "fee_paid", -Decimal(fee)),
    }


def _refund_legs(amount: str) -> set:
    # A refund gives back the gross and the fund's revenue; Stripe keeps its fee, so no fee leg moves.
    return {
        ("stripe-balance", "", "gross", -Decimal(amount)),
        ("counseling", "counseling", "revenue", Decimal(amount)),
    }


@pytest.fixture
def paid_gift(stripe_fake, donations_settings, counseling):
    donation = DonationFactory(
        amount=Money("100.00", "USD"), designation_key="counseling", designation_label="Counseling"
    )
    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        fee=Money("3.20", "USD"),
        session_overrides={"id": f"cs_test_{donation.reference}"},
    )
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session["id"])
    charge = stripe_fake.objects[stripe_fake.objects[session["payment_intent"]]["latest_charge"]]
    return donation, session, charge


def _refund(stripe_fake, session, charge, cents: int) -> dict:
    refund = stripe_fake.obj(
        "refund",
        amount=cents,
        currency="usd",
        charge=charge["id"],
        payment_intent=session["payment_intent"],
        status="succeeded",
        metadata={},
    )
    stripe_fake.put(refund)
    refunded = sum(
        r["amount"]
        for r in stripe_fake.objects.values()
        if r.get("object") == "refund" and r.get("charge") == charge["id"]
    )
    charge.update(amount_refunded=refunded, refunded=refunded == charge["amount"])
    stripe_fake.put(charge)
    return refund


@pytest.mark.parametrize("refund_first", [True, False], ids=["refund.created-first", "charge.refunded-first"])
def test_a_refund_reported_by_both_events_after_the_payment_is_booked_once(
    client, stripe_fake, paid_gift, refund_first
):
    donation, session, charge = paid_gift
    _deliver(client, make_event("checkout.session.completed", session))
    refund = _refund(stripe_fake, session, charge, 3333)
    created, charged = make_event("refund.created", refund), make_event("charge.refunded", charge)
    pair = [created, charged] if refund_first else [charged, created]

    _deliver(client, *pair, *pair)

    donation.refresh_from_db()
    assert _legs(donation.ledger_source) == {
        "payment": _payment_legs("100.00", "3.20"),
        f"refund:{refund['id']}": _refund_legs("33.33"),
    }
    assert donation.status == GiftStatus.PARTIALLY_REFUNDED
    assert donation.amount_refunded == Money("33.33", "USD")
    assert donation.receipts.get(status="issued").amount == Money("66.67", "USD")


@pytest.mark.parametrize("refund_first", [True, False], ids=["refund.created-first", "charge.refunded-first"])
def test_refunds_reported_before_the_payment_are_booked_when_it_arrives(
    client, stripe_fake, paid_gift, refund_first
):
    donation, session, charge = paid_gift
    first = _refund(stripe_fake, session, charge, 3333)
    second = _refund(stripe_fake, session, charge, 6667)
    created = [make_event("refund.created", first), make_event("refund.created", second)]
    charged = make_event("charge.refunded", charge)  # lists both refunds
    early = [*created, charged] if refund_first else [charged, *created]

    _deliver(client, *early)
    assert not Posting.objects.filter(source=donation.ledger_source).exists()  # nothing before the money

    _deliver(client, make_event("checkout.session.completed", session), *early)

    donation.refresh_from_db()
    assert _legs(donation.ledger_source) == {
        "payment": _payment_legs("100.00", "3.20"),
        f"refund:{first['id']}": _refund_legs("33.33"),
        f"refund:{second['id']}": _refund_legs("66.67"),
    }
    assert donation.status == GiftStatus.REFUNDED
    assert not donation.receipts.filter(status="issued").exists()
    for kind in _legs(donation.ledger_source):
        posting = Posting.objects.get(source=donation.ledger_source, kind=kind)
        assert sum(e.amount.amount for e in posting.entries.all()) == 0


# --- subscriptions --------------------------------------------------------------------------------


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
        )
    )
    RecurringGift.objects.filter(pk=gift.pk).update(checkout_session_id=f"cs_test_{gift.reference}")
    gift.refresh_from_db()
    return gift


def _gift_postings(gift) -> list[tuple[str, str]]:
    sources = [d.ledger_source for d in Donation.objects.filter(recurring_gift=gift)]
    return sorted(Posting.objects.filter(source__in=sources).values_list("source", "kind"))


def _subscription_event(stripe_fake, gift, subscription_id, event_type, *, created, **fields):
    obj = stripe_events.subscription(
        stripe_fake, gift, subscription_id, status=fields.pop("status", "active")
    )
    obj.update(fields)
    return make_event(event_type, dict(obj), created=created)


def test_subscription_updated_before_created_keeps_the_newer_state_and_books_nothing(
    client, stripe_fake, monthly_gift, django_capture_on_commit_callbacks
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first_order1")
    subscription_id = session["subscription"]
    # Stripe's current object is the newest state; payments reads it fresh for each event.
    created = _subscription_event(
        stripe_fake,
        monthly_gift,
        subscription_id,
        "customer.subscription.created",
        created=2_000_000_000,
        status="incomplete",
        cancel_at_period_end=False,
    )

    updated = _subscription_event(
        stripe_fake,
        monthly_gift,
        subscription_id,
        "customer.subscription.updated",
        created=2_000_000_100,
        status="active",
        cancel_at_period_end=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(client, updated, created)

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ACTIVE
    assert monthly_gift.cancel_at_period_end is True
    assert monthly_gift.stripe_subscription_id == subscription_id
    assert not Donation.objects.exists()
    assert not Posting.objects.exists()
    assert not Receipt.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("invoice_first", [True, False])
def test_the_first_invoice_and_the_checkout_completion_book_one_payment(
    client, stripe_fake, monthly_gift, invoice_first
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first_create1")
    first_invoice = stripe_events.invoice(
        stripe_fake, monthly_gift, session["subscription"], billing_reason="subscription_create"
    )
    first_invoice["id"] = "in_first_create1"
    stripe_fake.put(first_invoice)
    invoice_paid = make_event("invoice.paid", first_invoice)
    completed = make_event("checkout.session.completed", session)

    if invoice_first:
        _deliver(client, invoice_paid)
        assert not Posting.objects.exists()  # settles through the checkout completion only
    _deliver(client, completed, invoice_paid, completed)

    (instalment,) = Donation.objects.filter(recurring_gift=monthly_gift)
    assert instalment.amount == Money(50, "USD")
    assert _gift_postings(monthly_gift) == [(instalment.ledger_source, "payment")]
    assert Receipt.objects.filter(donation=instalment).count() == 1


def test_invoices_after_the_subscription_ended_never_revive_it(
    client, stripe_fake, monthly_gift, django_capture_on_commit_callbacks
):
    session = stripe_events.subscription_checkout(stripe_fake, monthly_gift, invoice_id="in_first_late1")
    subscription_id = session["subscription"]
    _deliver(client, make_event("checkout.session.completed", session))
    ended = _subscription_event(
        stripe_fake,
        monthly_gift,
        subscription_id,
        "customer.subscription.deleted",
        created=2_000_000_500,
        status="canceled",
    )
    _deliver(client, ended)
    mail.outbox.clear()
    failed = stripe_events.invoice(stripe_fake, monthly_gift, subscription_id, paid=False)
    late_update = _subscription_event(
        stripe_fake,
        monthly_gift,
        subscription_id,
        "customer.subscription.updated",
        created=2_000_000_400,
        status="active",
    )

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(client, make_event("invoice.payment_failed", failed), late_update)

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ENDED
    (first,) = Donation.objects.filter(recurring_gift=monthly_gift)
    assert _gift_postings(monthly_gift) == [(first.ledger_source, "payment")]
    assert mail.outbox == []  # no past-due email for an ended gift

    # Money Stripe did collect on an invoice finalised before the cancellation is booked, once; the
    # gift stays ended.
    late_paid = stripe_events.invoice(stripe_fake, monthly_gift, subscription_id)
    _deliver(client, make_event("invoice.paid", late_paid), make_event("invoice.paid", late_paid))

    monthly_gift.refresh_from_db()
    assert monthly_gift.status == RecurringStatus.ENDED
    late = Donation.objects.get(invoice_id=late_paid["id"])
    assert late.amount == Money(to_minor_units(Money(50, "USD")), "USD") / 100
    assert _gift_postings(monthly_gift) == sorted(
        [(first.ledger_source, "payment"), (late.ledger_source, "payment")]
    )
