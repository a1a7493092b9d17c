"""Event seats are never oversold silently: the Checkout Session expires with the seat hold, and a
payment that arrives after its hold lapsed takes a free seat or is flagged for staff to refund or honour."""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from donations.forms import EventPurchaseForm
from donations.models import Donation, GiftStatus
from donations.services.tickets import SEAT_HOLD
from ledger.models import Entry
from tests.fixtures.donation_factories import form_data
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db

STRIPE_MINIMUM_EXPIRY = dt.timedelta(minutes=30)


@pytest.fixture
def gala(make_gala):
    return make_gala(capacity=3)


def _buy(client, gala, quantity: int, email: str) -> Donation:
    ticket = gala.ticket_types.get()
    response = client.post(
        gala.url,
        {
            **form_data(started=EventPurchaseForm.human_check_token(issued_at=time.time() - 60), email=email),
            "offer": f"ticket-{ticket.pk}",
            "quantity": str(quantity),
        },
    )
    assert response.status_code == 303, response.content
    return Donation.objects.get(donor__email=email)


def _lapse_hold(donation: Donation) -> None:
    Donation.objects.filter(pk=donation.pk).update(
        created_at=timezone.now() - SEAT_HOLD - dt.timedelta(minutes=1)
    )


def _pay(client, stripe_fake, donation: Donation):
    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        session_overrides={"id": donation.checkout_session_id},
    )
    assert post_webhook(client, make_event("checkout.session.completed", session)).status_code == 200
    donation.refresh_from_db()
    return donation


def _staff(group_name: str) -> User:
    user = User.objects.create_user(username=group_name.lower(), password="pw", is_staff=True)
    group = Group.objects.get(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_the_ticket_checkout_session_expires_when_the_seat_hold_does(client, stripe_fake, gala):
    donation = _buy(client, gala, 2, "ana@example.org")

    (request,) = stripe_fake.calls("POST", "/v1/checkout/sessions")
    expires_at = dt.datetime.fromtimestamp(int(request.params["expires_at"]), tz=dt.UTC)
    hold_ends = donation.created_at + SEAT_HOLD
    assert abs((expires_at - hold_ends).total_seconds()) <= 1
    assert expires_at - donation.created_at >= STRIPE_MINIMUM_EXPIRY


def test_a_late_payment_takes_a_free_seat_when_there_is_one(client, stripe_fake, gala):
    late = _buy(client, gala, 2, "late@example.org")
    _lapse_hold(late)
    _buy(client, gala, 1, "other@example.org")  # the lapsed hold let this buyer in; one seat is still free

    late = _pay(client, stripe_fake, late)

    assert late.status == GiftStatus.PAID
    assert not late.oversold
    response = client.get(reverse("donations:thanks"), {"session_id": late.checkout_session_id})
    assert b"oversold-notice" not in response.content


def test_a_late_payment_without_a_free_seat_is_booked_and_flagged_for_staff(
    client, stripe_fake, gala, django_capture_on_commit_callbacks
):
    late = _buy(client, gala, 2, "late@example.org")
    _lapse_hold(late)
    other = _pay(client, stripe_fake, _buy(client, gala, 2, "other@example.org"))
    assert not other.oversold

    with django_capture_on_commit_callbacks(execute=True):
        late = _pay(client, stripe_fake, late)

    assert late.status == GiftStatus.PAID  # the money arrived: booked, receipted, for staff to resolve
    assert late.oversold
    assert late.receipts.count() == 1
    revenue = Entry.objects.filter(posting__source=f"donation:{late.pk}", role="revenue")
    assert -sum(e.amount.amount for e in revenue) == 200
    thanks = client.get(reverse("donations:thanks"), {"session_id": late.checkout_session_id})
    assert b"our team will contact you" in thanks.content.lower()

    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    edit = client.get(f"/admin/pages/{gala.pk}/edit/")
    assert b'data-testid="oversold-seats"' in edit.content
    assert late.reference.encode() in edit.content
    assert b"late@example.org" in edit.content
    assert other.reference.encode() not in edit.content
    listing = client.get("/admin/giving/gifts/?oversold=true")
    assert late.reference.encode() in listing.content
    assert other.reference.encode() not in listing.content


def test_editors_are_told_about_oversold_seats_without_seeing_the_buyers(client, stripe_fake, gala):
    late = _buy(client, gala, 2, "late@example.org")
    _lapse_hold(late)
    _pay(client, stripe_fake, _buy(client, gala, 2, "other@example.org"))
    late = _pay(client, stripe_fake, late)
    assert late.oversold

    client.force_login(_staff("Editors"))
    edit = client.get(f"/admin/pages/{gala.pk}/edit/")

    assert edit.status_code == 200
    assert b"1 paid purchase without a seat" in edit.content
    assert b"late@example.org" not in edit.content
    assert late.reference.encode() not in edit.content


def test_a_payment_inside_its_hold_keeps_its_seat(client, stripe_fake, gala):
    first = _buy(client, gala, 3, "first@example.org")

    first = _pay(client, stripe_fake, first)

    assert first.status == GiftStatus.PAID
    assert not first.oversold
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    assert b'data-testid="oversold-seats-none"' in client.get(f"/admin/pages/{gala.pk}/edit/").content
