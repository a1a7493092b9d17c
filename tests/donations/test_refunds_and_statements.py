"""Refunds and disputes reverse the gift's posting and correct its receipt; the annual statement
leaves out void receipts and refunded gifts."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from djmoney.money import Money
from pypdf import PdfReader

from donations.models import AnnualStatementDelivery, Donation, GiftStatus, Receipt, ReceiptStatus
from donations.selectors import annual_statement
from ledger.models import Posting
from tests.fixtures.donation_factories import DonationFactory, DonorFactory
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _paid_gift(client, stripe_fake, *, amount="100.00", donor=None, deliver=True):
    donation = DonationFactory(
        amount=Money(amount, "USD"), checkout_session_id="", **({"donor": donor} if donor else {})
    )
    session = stripe_fake.paid_checkout(
        kind="donation", reference=donation.reference, amount_total=donation.amount
    )
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session["id"])
    completed = make_event("checkout.session.completed", session)
    if deliver:
        assert post_webhook(client, completed).status_code == 200
    donation.refresh_from_db()
    return donation, session, completed


def _refund_event(stripe_fake, session, amount, status="succeeded", event_type="refund.created", refund=None):
    refund = refund or stripe_fake.obj(
        "refund", amount=amount, currency="usd", payment_intent=session["payment_intent"], metadata={}
    )
    refund.update(status=status, amount=amount)
    stripe_fake.put(refund)
    return refund, make_event(event_type, refund)


def test_partial_refund_reverses_that_amount_and_reissues_the_receipt(
    client, stripe_fake, donations_settings
):
    donation, session, _ = _paid_gift(client, stripe_fake)
    original = donation.receipts.get()

    _refund, event = _refund_event(stripe_fake, session, 3333)
    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, event).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.PARTIALLY_REFUNDED
    assert donation.amount_refunded == Money("33.33", "USD")
    assert Posting.objects.filter(source=f"donation:{donation.pk}").exclude(kind="payment").count() == 1
    original.refresh_from_db()
    assert original.status == ReceiptStatus.VOID
    current = donation.receipts.get(status=ReceiptStatus.ISSUED)
    assert current.amount == Money("66.67", "USD")
    assert current.replaces == original


def test_full_refund_voids_the_receipt_and_a_failed_refund_restores_it(
    client, stripe_fake, donations_settings
):
    donation, session, _ = _paid_gift(client, stripe_fake, amount="40.00")
    refund, event = _refund_event(stripe_fake, session, 4000)
    assert post_webhook(client, event).status_code == 200
    donation.refresh_from_db()
    assert donation.status == GiftStatus.REFUNDED
    assert not donation.receipts.filter(status=ReceiptStatus.ISSUED).exists()

    _refund, failed = _refund_event(
        stripe_fake, session, 4000, status="failed", event_type="refund.failed", refund=refund
    )
    assert post_webhook(client, failed).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.PAID
    assert donation.receipts.get(status=ReceiptStatus.ISSUED).amount == Money("40.00", "USD")
    assert Posting.objects.filter(
        source=f"donation:{donation.pk}", kind=f"refund-failed:{refund['id']}"
    ).exists()


def test_a_refund_reported_before_the_payment_is_applied_once_the_payment_arrives(
    client, stripe_fake, donations_settings
):
    donation, session, completed = _paid_gift(client, stripe_fake, amount="60.00", deliver=False)
    _refund, event = _refund_event(stripe_fake, session, 6000)

    assert post_webhook(client, event).status_code == 200
    assert post_webhook(client, completed).status_code == 200

    donation.refresh_from_db()
    assert donation.status == GiftStatus.REFUNDED
    kinds = set(Posting.objects.filter(source=f"donation:{donation.pk}").values_list("kind", flat=True))
    assert kinds == {"payment", f"refund:{_refund['id']}"}


def test_dispute_withdrawal_books_the_fee_and_reinstatement_mirrors_it(
    client, stripe_fake, donations_settings
):
    donation, session, _ = _paid_gift(client, stripe_fake)
    dispute = stripe_fake.obj(
        "dispute",
        amount=10000,
        currency="usd",
        payment_intent=session["payment_intent"],
        metadata={},
        status="needs_response",
        balance_transactions=[{"amount": -10000, "fee": 1500, "currency": "usd"}],
    )
    stripe_fake.put(dispute)

    for event_type in (
        "charge.dispute.created",
        "charge.dispute.funds_withdrawn",
        "charge.dispute.funds_withdrawn",
    ):
        assert post_webhook(client, make_event(event_type, dispute)).status_code == 200
    donation.refresh_from_db()
    assert donation.status == GiftStatus.DISPUTED
    source = f"donation:{donation.pk}"
    assert Posting.objects.filter(source=source, kind=f"dispute-fee:{dispute['id']}").count() == 1

    dispute["status"] = "won"
    stripe_fake.put(dispute)
    assert post_webhook(client, make_event("charge.dispute.funds_reinstated", dispute)).status_code == 200
    donation.refresh_from_db()
    assert donation.status == GiftStatus.PAID
    assert Posting.objects.filter(source=source, kind=f"dispute-reinstated:{dispute['id']}").exists()


def test_yearly_statement_excludes_void_receipts_and_refunded_gifts(client, stripe_fake, donations_settings):
    donor = DonorFactory(email="yearly@example.org")
    kept, _, _ = _paid_gift(client, stripe_fake, amount="100.00", donor=donor)
    refunded, session, _ = _paid_gift(client, stripe_fake, amount="25.00", donor=donor)
    _refund, event = _refund_event(stripe_fake, session, 2500)
    post_webhook(client, event)
    assert refunded.receipts.get().status == ReceiptStatus.VOID
    partly, session, _ = _paid_gift(client, stripe_fake, amount="50.00", donor=donor)
    _refund, event = _refund_event(stripe_fake, session, 1000)
    post_webhook(client, event)
    assert partly.receipts.filter(status=ReceiptStatus.ISSUED).get().amount == Money("40.00", "USD")

    year = kept.receipts.get().year
    statement = annual_statement(donor=donor, year=year)

    assert [line.amount for line in statement.lines] == [Money("100.00", "USD"), Money("40.00", "USD")]
    assert statement.total == Money("140.00", "USD")
    assert Receipt.objects.filter(donor=donor, status=ReceiptStatus.VOID).count() == 2


def test_send_annual_statements_emails_each_donor_one_pdf_and_is_idempotent(
    client, stripe_fake, donations_settings, django_capture_on_commit_callbacks
):
    first, _, _ = _paid_gift(client, stripe_fake, amount="100.00")
    _paid_gift(client, stripe_fake, amount="20.00")
    year = first.receipts.get().year
    mail.outbox.clear()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_annual_statements", year=year, stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_annual_statements", year=year, stdout=out)

    statements = [m for m in mail.outbox if "giving statement" in m.subject]
    assert len(statements) == 2
    assert AnnualStatementDelivery.objects.filter(year=year).count() == 2
    assert "2/2 donors processed" in out.getvalue()
    assert "0 statements sent, 2 skipped" in out.getvalue()
    pdf_name, pdf_bytes, _ = statements[0].attachments[0]
    assert pdf_name == f"giving-statement-{year}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "Hope Works Inc." in text
    assert "Total" in text
