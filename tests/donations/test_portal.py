"""The donor portal by magic link: signed, expiring, single use, no password; history, receipts,
statements; change, card update and cancel of a recurring gift."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from djmoney.money import Money

from donations import services
from donations.models import PortalToken, RecurringGift, RecurringStatus
from donations.services import GiftRequest
from donations.services.checkout import _pending_gift_create
from tests.fixtures import stripe_events
from tests.fixtures.donation_factories import DonationFactory, DonorFactory, aware
from tests.fixtures.stripe import post_webhook

pytestmark = pytest.mark.django_db


def _link_from_outbox() -> str:
    return re.search(r"http://testserver(/giving/portal/enter/[^\s]+/)", mail.outbox[-1].body).group(1)


def _sign_in(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/giving/portal/", {"email": email})
    assert b"Check your email" in response.content
    link = _link_from_outbox()
    response = client.post(link)
    assert response.status_code == 302
    return link


@pytest.fixture
def active_gift(client, stripe_fake, donations_settings, counseling):
    gift = _pending_gift_create(
        gift=GiftRequest(
            email="portal@example.org",
            amount=Money(50, "USD"),
            frequency="monthly",
            designation_key="counseling",
            designation_label="Counseling",
        )
    )
    session = stripe_events.subscription_checkout(stripe_fake, gift, invoice_id="in_portal0001")
    assert post_webhook(client, stripe_events.event("checkout.session.completed", session)).status_code == 200
    gift.refresh_from_db()
    return gift


def test_magic_link_signs_in_once_and_shows_history_and_receipts(
    client, active_gift, django_capture_on_commit_callbacks
):
    link = _sign_in(client, "Portal@Example.org", django_capture_on_commit_callbacks)

    page = client.get("/giving/portal/")
    assert b"portal@example.org" in page.content
    assert b"$50.00 monthly" in page.content
    receipt = active_gift.instalments.get().receipts.get()
    assert receipt.number.encode() in page.content
    pdf = client.get(f"/giving/portal/receipts/{receipt.number}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/giving/portal/statements/{receipt.year}.pdf").status_code == 200

    client.post("/giving/portal/sign-out/")
    assert client.post(link).status_code == 410  # single use


def test_opening_the_link_with_get_does_not_spend_it(client, active_gift, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/giving/portal/", {"email": "portal@example.org"})
    link = _link_from_outbox()

    assert client.get(link).status_code == 200  # a mail scanner's prefetch
    assert client.post(link).status_code == 302


def test_unknown_email_gets_the_same_answer_and_no_email(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/giving/portal/", {"email": "stranger@example.org"})
    assert b"Check your email" in response.content
    assert mail.outbox == []


def test_expired_or_forged_links_are_refused(client, db):
    donor = DonorFactory()
    token = services.portal.portal_token_create(donor=donor)
    PortalToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert client.post(f"/giving/portal/enter/{token}/").status_code == 410
    assert client.post("/giving/portal/enter/not-a-token/").status_code == 410
    assert client.get("/giving/portal/").context["form"] is not None


def test_donor_can_change_amount_and_frequency(
    client, stripe_fake, active_gift, django_capture_on_commit_callbacks
):
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)
    prefix = active_gift.reference

    client.post(
        f"/giving/portal/recurring/{prefix}/change/",
        {f"{prefix}-amount": "75", f"{prefix}-frequency": "quarterly"},
    )

    active_gift.refresh_from_db()
    assert active_gift.amount == Money(75, "USD")
    assert active_gift.frequency == "quarterly"
    update = stripe_fake.calls("POST", f"/v1/subscriptions/{active_gift.stripe_subscription_id}")[-1]
    price = update.params["items"][0]["price_data"]
    assert price["unit_amount"] == "7500"
    assert price["recurring"] == {"interval": "month", "interval_count": "3"}


def test_hostile_amount_change_is_refused_and_nothing_changes(
    client, stripe_fake, active_gift, django_capture_on_commit_callbacks
):
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)
    prefix = active_gift.reference

    response = client.post(
        f"/giving/portal/recurring/{prefix}/change/",
        {f"{prefix}-amount": "-5", f"{prefix}-frequency": "monthly"},
        follow=True,
    )

    assert b"more than zero" in response.content
    active_gift.refresh_from_db()
    assert active_gift.amount == Money(50, "USD")
    assert not stripe_fake.calls("POST", f"/v1/subscriptions/{active_gift.stripe_subscription_id}")


def test_card_update_opens_stripes_customer_portal(
    client, stripe_fake, active_gift, django_capture_on_commit_callbacks
):
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)

    response = client.post(f"/giving/portal/recurring/{active_gift.reference}/card/")

    assert response.status_code == 303
    assert response["Location"].startswith("https://billing.stripe.com/")
    assert stripe_fake.calls("POST", "/v1/billing_portal/sessions")[0].params["customer"] == (
        active_gift.stripe_customer_id
    )


def test_cancel_stops_the_subscription_and_ends_the_gift(
    client, stripe_fake, active_gift, django_capture_on_commit_callbacks
):
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)

    response = client.post(f"/giving/portal/recurring/{active_gift.reference}/cancel/", follow=True)

    assert b"cancelled" in response.content
    assert stripe_fake.calls("DELETE", f"/v1/subscriptions/{active_gift.stripe_subscription_id}")
    assert RecurringGift.objects.get(pk=active_gift.pk).status == RecurringStatus.ENDED


def test_a_donor_cannot_open_another_donors_receipt_or_gift(
    client, active_gift, donations_settings, django_capture_on_commit_callbacks
):
    other = services.donation_confirm(
        reference=DonationFactory().reference, amount_total=Money(50, "USD"), occurred_at=aware(2026, 5, 1)
    )
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)
    other_receipt = other.receipts.get()

    assert client.get(f"/giving/portal/receipts/{other_receipt.number}.pdf").status_code == 404
    assert client.post("/giving/portal/recurring/R-NOTMINE0000/cancel/").status_code == 404


def test_portal_pages_need_a_signed_in_donor(client, db):
    assert client.get("/giving/portal/receipts/2026-000001.pdf").status_code == 404


def test_portal_refuses_absurd_statement_years(client, active_gift, django_capture_on_commit_callbacks):
    _sign_in(client, "portal@example.org", django_capture_on_commit_callbacks)
    assert client.get("/giving/portal/statements/99999999999.pdf").status_code == 404
    assert client.get("/giving/portal/statements/1999.pdf").status_code == 404
