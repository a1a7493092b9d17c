"""Receipts: one per gift, numbered in sequence per year, immutable; void keeps the record, reissue
takes the next number; resend to the donor or a bookkeeper; benefits on tickets."""

import io

import pytest
from django.core import mail
from djmoney.money import Money
from pypdf import PdfReader

from donations import services
from donations.models import GiftKind, ReceiptStatus
from donations.pdf import receipt_pdf
from tests.fixtures.donation_factories import DonationFactory, aware, usd

pytestmark = pytest.mark.django_db


def _settle(donation, when=None):
    return services.donation_confirm(
        reference=donation.reference, amount_total=donation.amount, occurred_at=when or aware(2026, 6, 15)
    )


def _pdf_text(receipt) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt_pdf(receipt))).pages)


def test_receipt_numbers_run_in_sequence_per_year(donations_settings):
    first = _settle(DonationFactory(), aware(2025, 12, 31)).receipts.get()
    second = _settle(DonationFactory(), aware(2026, 1, 1)).receipts.get()
    third = _settle(DonationFactory(), aware(2026, 1, 2)).receipts.get()

    assert first.number == "2025-000001"
    assert (second.number, third.number) == ("2026-000001", "2026-000002")


def test_void_keeps_the_receipt_and_reissue_takes_the_next_number(donations_settings):
    receipt = _settle(DonationFactory()).receipts.get()

    new = services.receipt_reissue(receipt=receipt, reason="Donor's name corrected")

    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.VOID
    assert receipt.void_reason == "Donor's name corrected"
    assert new.status == ReceiptStatus.ISSUED
    assert new.replaces == receipt
    assert new.sequence == receipt.sequence + 1
    assert "VOID" in _pdf_text(receipt)
    assert f"replaces receipt {receipt.number}" in _pdf_text(new)


def test_receipt_content_is_a_snapshot_that_later_edits_do_not_change(donations_settings):
    donation = _settle(DonationFactory())
    receipt = donation.receipts.get()
    donation.donor.first_name = "Changed"
    donation.donor.save()

    receipt.refresh_from_db()
    assert "Changed" not in receipt.donor_name


def test_resend_goes_to_a_bookkeeper_address(donations_settings, django_capture_on_commit_callbacks):
    receipt = _settle(DonationFactory()).receipts.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.receipt_send(receipt=receipt, to="books@example.com")

    assert mail.outbox[0].to == ["books@example.com"]
    assert mail.outbox[0].attachments[0][0] == f"receipt-{receipt.number}.pdf"


@pytest.mark.parametrize(
    ("paid", "fmv", "deductible", "disclosure"),
    [
        ("74.99", "20", "54.99", False),
        ("75.00", "20", "55.00", False),
        ("75.01", "20", "55.01", True),
        ("250.00", "20", "230.00", True),
        ("250.00", "0", "250.00", False),
    ],
)
def test_receipt_pdf_states_benefits_or_that_none_were_given(
    donations_settings, paid, fmv, deductible, disclosure
):
    donation = DonationFactory(
        amount=usd(paid), benefit_fmv=usd(fmv), benefit_description="Dinner for one" if fmv != "0" else ""
    )
    receipt = _settle(donation).receipts.get()
    text = _pdf_text(receipt)

    assert receipt.deductible_amount == usd(deductible)
    assert f"${deductible}" in text
    assert ("limited to the excess of the amount you paid" in " ".join(text.split())) is disclosure
    assert ("No goods or services were provided" in text) is (fmv == "0")


def test_a_100_dollar_ticket_with_40_dollars_of_benefits_receipts_60_deductible(
    donations_settings, django_capture_on_commit_callbacks
):
    donation = DonationFactory(
        kind=GiftKind.TICKET, amount=usd(100), benefit_fmv=usd(40), benefit_description="1 x Gala: dinner"
    )
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _settle(donation).receipts.get()

    assert receipt.deductible_amount == usd(60)
    assert receipt.quid_pro_quo_disclosure
    body = mail.outbox[0].body
    assert "Deductible amount: $60.00" in body
    assert "Their fair market value: $40.00" in body
    assert "limited to the excess" in body


def test_receipt_uses_the_organisation_identity_and_a_unicode_donor_name(donations_settings):
    donation = DonationFactory(donor__first_name="Zoë", donor__last_name="Łukasz-Nguyễn")
    receipt = _settle(donation).receipts.get()
    text = _pdf_text(receipt)

    assert receipt.organisation_ein == "12-3456789"
    assert "Hope Works Inc." in text
    assert "Zoë" in text


def test_receipt_amounts_are_money_not_floats(donations_settings):
    receipt = _settle(DonationFactory(amount=Money("33.33", "USD"))).receipts.get()
    assert receipt.amount == Money("33.33", "USD")


def test_receipt_reads_legal_name_ein_and_signatory_from_the_site_settings(db):
    from django.apps import apps
    from wagtail.models import Site

    settings_model = apps.get_model("cms", "OrganisationSettings")
    org = settings_model.for_site(Site.objects.get(is_default_site=True))
    org.legal_name = "Hope Works Collective"
    org.ein = "98-7654321"
    org.mailing_address = "PO Box 12, Springfield"
    org.receipt_signatory_name = "Sam Rivera"
    org.receipt_signatory_title = "Treasurer"
    org.save()

    receipt = _settle(DonationFactory()).receipts.get()

    assert receipt.organisation_name == "Hope Works Collective"
    assert receipt.organisation_ein == "98-7654321"
    assert receipt.signatory == "Sam Rivera, Treasurer"
    assert "Sam Rivera, Treasurer" in _pdf_text(receipt)
