"""A one-time gift end to end: form -> Checkout (payment mode) -> signed webhook -> one gift, one
posting to the chosen fund, one receipt emailed with its PDF."""

import io

import pytest
from django.core import mail
from djmoney.money import Money
from pypdf import PdfReader

from donations.models import Donation, GiftStatus, Receipt
from ledger.models import Entry, Posting
from tests.fixtures.donation_factories import form_data
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _start_gift(client, page, **overrides):
    response = client.post(page.url, form_data(**overrides))
    assert response.status_code == 303, response.content.decode()[:2000]
    return response


def _complete(client, stripe_fake, donation, *, fee="1.75"):
    session = stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        fee=Money(fee, "USD"),
        session_overrides={"id": donation.checkout_session_id},
    )
    event = make_event("checkout.session.completed", session)
    return event, post_webhook(client, event)


def _fund_credit(source, fund_slug):
    entries = Entry.objects.filter(posting__source=source, fund__slug=fund_slug, role="revenue")
    return -sum((entry.amount.amount for entry in entries), 0)


def test_gift_starts_a_payment_mode_checkout_for_the_grossed_up_amount(client, stripe_fake, donation_page):
    response = _start_gift(client, donation_page, amount="100", cover_fee="on")

    donation = Donation.objects.get()
    assert donation.status == GiftStatus.PENDING
    assert donation.amount == Money("103.30", "USD")
    assert donation.fee_covered == Money("3.30", "USD")
    assert donation.designation_key == "counseling"
    create = stripe_fake.calls("POST", "/v1/checkout/sessions")[0]
    assert create.params["mode"] == "payment"
    assert create.params["line_items"][0]["price_data"]["unit_amount"] == "10330"
    assert create.params["metadata"] == {"kind": "donation", "reference": donation.reference}
    assert response["Location"].startswith("https://")


def test_paid_webhook_books_the_gift_to_its_fund_and_emails_a_receipt_with_pdf(
    client, stripe_fake, donation_page, django_capture_on_commit_callbacks
):
    _start_gift(client, donation_page, amount="100", cover_fee="on")
    donation = Donation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        _event, response = _complete(client, stripe_fake, donation)

    assert response.status_code == 200
    donation.refresh_from_db()
    assert donation.status == GiftStatus.PAID
    assert donation.processing_fee == Money("1.75", "USD")
    posting = Posting.objects.get(source=f"donation:{donation.pk}", kind="payment")
    # The designated fund receives the gift whole; the covered fee is not counseling revenue.
    assert _fund_credit(posting.source, "counseling") == Money("100.00", "USD").amount
    receipt = Receipt.objects.get(donation=donation)
    assert receipt.number.endswith("-000001")
    assert receipt.amount == Money("103.30", "USD")
    assert receipt.deductible_amount == Money("103.30", "USD")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.org"]
    assert receipt.number in message.subject
    assert "No goods or services were provided" in message.body
    html = message.alternatives[0][0]
    assert "12-3456789" in html
    filename, content, mimetype = message.attachments[0]
    assert filename == f"receipt-{receipt.number}.pdf"
    assert mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Hope Works Inc." in text
    assert "12-3456789" in text
    assert receipt.number in text
    assert "$103.30" in text
    assert "No goods or services were provided" in text


def test_the_same_paid_event_twice_books_and_receipts_once(
    client, stripe_fake, donation_page, django_capture_on_commit_callbacks
):
    _start_gift(client, donation_page)
    donation = Donation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        event, first = _complete(client, stripe_fake, donation)
        second = post_webhook(client, event)

    assert first.status_code == second.status_code == 200
    assert Posting.objects.filter(source=f"donation:{donation.pk}").count() == 1
    assert Receipt.objects.filter(donation=donation).count() == 1
    assert len(mail.outbox) == 1


def test_success_page_confirms_the_gift_without_waiting_for_the_webhook(client, stripe_fake, donation_page):
    _start_gift(client, donation_page)
    donation = Donation.objects.get()
    stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        session_overrides={"id": donation.checkout_session_id},
    )

    response = client.get(f"/giving/thank-you/?session_id={donation.checkout_session_id}")

    assert response.status_code == 200
    assert b"Thank you" in response.content
    donation.refresh_from_db()
    assert donation.status == GiftStatus.PAID
    assert Receipt.objects.filter(donation=donation).count() == 1


def test_success_page_with_a_made_up_session_fulfils_nothing(client, stripe_fake, donation_page):
    _start_gift(client, donation_page)

    response = client.get("/giving/thank-you/?session_id=cs_test_madeup123")

    assert response.status_code == 404
    assert Donation.objects.get().status == GiftStatus.PENDING
    assert not Receipt.objects.exists()


def test_unpaid_session_on_the_success_page_says_confirming_and_books_nothing(
    client, stripe_fake, donation_page
):
    _start_gift(client, donation_page)
    donation = Donation.objects.get()
    stripe_fake.paid_checkout(
        kind="donation",
        reference=donation.reference,
        amount_total=donation.amount,
        session_overrides={"id": donation.checkout_session_id, "payment_status": "unpaid"},
    )

    response = client.get(f"/giving/thank-you/?session_id={donation.checkout_session_id}")

    assert b"confirming your payment" in response.content
    assert not Posting.objects.exists()


def test_payment_processor_outage_shows_a_clear_error_and_keeps_the_attempt(
    client, stripe_fake, donation_page
):
    stripe_fake.fail("POST", "/v1/checkout/sessions", "server_error", times=None)

    response = client.post(donation_page.url, form_data())

    assert response.status_code == 503
    assert b"could not reach our payment processor" in response.content
    assert Donation.objects.get().status == GiftStatus.FAILED


def test_an_expired_checkout_marks_the_gift_abandoned_and_books_nothing(client, stripe_fake, donation_page):
    _start_gift(client, donation_page)
    donation = Donation.objects.get()
    session = stripe_fake.obj(
        "checkout.session",
        id=donation.checkout_session_id,
        status="expired",
        payment_status="unpaid",
        mode="payment",
        metadata={"kind": "donation", "reference": donation.reference},
    )

    assert post_webhook(client, make_event("checkout.session.expired", session)).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.EXPIRED
    assert not Posting.objects.exists()
    assert not Receipt.objects.exists()


def test_a_delayed_payment_that_fails_marks_the_gift_failed(client, stripe_fake, donation_page):
    _start_gift(client, donation_page)
    donation = Donation.objects.get()
    session = stripe_fake.obj(
        "checkout.session",
        id=donation.checkout_session_id,
        status="complete",
        payment_status="unpaid",
        mode="payment",
        metadata={"kind": "donation", "reference": donation.reference},
    )

    for event_type in ("checkout.session.completed", "checkout.session.async_payment_failed"):
        assert post_webhook(client, make_event(event_type, session)).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.FAILED
    assert not Receipt.objects.exists()


def test_the_donor_wall_shows_consenting_donors_on_the_page(client, donation_page, donations_settings):
    from donations import services
    from tests.fixtures.donation_factories import DonationFactory, DonorFactory, aware

    donation_page.campaign.show_donor_wall = True
    donation_page.campaign.save()
    named = DonationFactory(
        campaign=donation_page.campaign,
        wall_consent=True,
        donor=DonorFactory(first_name="Wally", last_name="Wall"),
    )
    hidden = DonationFactory(campaign=donation_page.campaign, donor=DonorFactory(first_name="Private"))
    for gift in (named, hidden):
        services.donation_confirm(
            reference=gift.reference, amount_total=gift.amount, occurred_at=aware(2026, 5, 5)
        )

    response = client.get(donation_page.url)

    assert b"Wally Wall" in response.content
    assert b"Private" not in response.content


def test_thank_you_page_says_what_the_gift_funded_from_the_legs_booked_for_it(
    client, stripe_fake, donation_page
):
    _start_gift(client, donation_page, amount="150", cover_fee="on")
    donation = Donation.objects.get()
    _complete(client, stripe_fake, donation)

    response = client.get(f"/giving/thank-you/?session_id={donation.checkout_session_id}")

    # $150 reached counseling whole (the covered fee went to the fee's fund): $150 / $75 a session.
    assert _fund_credit(donation.ledger_source, "counseling") == 150
    assert b"Your gift funds about 2 counseling sessions." in response.content
