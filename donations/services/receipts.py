"""Receipts: issued once per gift with the next number of its year, voided (kept) and reissued."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.mail import enqueue_on_commit
from donations import tasks
from donations.models import Donation, Receipt, ReceiptSequence, ReceiptStatus
from donations.organisation import organisation
from donations.receipt_rules import receipt_terms, thresholds_for


def _next_number(*, year: int) -> tuple[int, str]:
    ReceiptSequence.objects.get_or_create(year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, f"{year}-{sequence.last_number:06d}"


def _donor_name(donation: Donation) -> str:
    if donation.company_name:
        return donation.company_name
    if donation.giver_name:
        return donation.giver_name
    if donation.donor is None:
        return "Donor"
    return donation.donor.full_name or donation.donor.email


def _fund_label(donation: Donation) -> str:
    return donation.designation_label or "Where most needed"


@transaction.atomic
def receipt_issue(*, donation: Donation, send: bool = True, replaces: Receipt | None = None) -> Receipt:
    """The gift's current receipt, issuing one with the next number of the gift's year if none is live."""
    existing = Receipt.objects.filter(donation=donation, status=ReceiptStatus.ISSUED).first()
    if existing is not None:
        return existing
    gift_date = timezone.localdate(donation.received_at or timezone.now())
    terms = receipt_terms(
        paid=donation.net_amount, benefit_fmv=donation.benefit_fmv, thresholds=thresholds_for(gift_date.year)
    )
    sequence, number = _next_number(year=gift_date.year)
    org = organisation()
    donor = donation.donor
    description = {
        "offline": f"{donation.get_offline_method_display()} gift {donation.offline_description}".strip(),
        "recurring": "Recurring gift",
        "ticket": "Event ticket",
        "sponsorship": "Event sponsorship",
        "order_gift": "Gift added to an order",
    }.get(donation.kind, "Gift")
    if donation.tribute_type and donation.honoree_name:
        description += f", {donation.get_tribute_type_display().lower()} {donation.honoree_name}"
    receipt = Receipt.objects.create(
        number=number,
        year=gift_date.year,
        sequence=sequence,
        donation=donation,
        donor=donor,
        issued_at=timezone.now(),
        gift_date=gift_date,
        donor_name=_donor_name(donation)[:255],
        donor_email=donor.email if donor else "",
        donor_address=(donor.postal_address if donor else "")[:500],
        amount=terms.paid,
        benefit_description=donation.benefit_description if terms.benefit_fmv.amount > 0 else "",
        benefit_fmv=terms.benefit_fmv,
        deductible_amount=terms.deductible,
        quid_pro_quo_disclosure=terms.quid_pro_quo,
        fund_label=_fund_label(donation)[:120],
        description=description[:255],
        organisation_name=org.legal_name[:255],
        organisation_ein=org.ein[:20],
        organisation_address=org.address[:500],
        signatory=", ".join(p for p in (org.signatory, org.signatory_title) if p)[:255],
        replaces=replaces,
    )
    if send and receipt.donor_email:
        enqueue_on_commit(tasks.receipt_email_send, receipt_id=receipt.pk)
    return receipt


@transaction.atomic
def receipt_void(*, receipt: Receipt, reason: str) -> Receipt:
    """Void a receipt; it stays on record with its number and the reason."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.status == ReceiptStatus.VOID:
        return receipt
    receipt.status = ReceiptStatus.VOID
    receipt.voided_at = timezone.now()
    receipt.void_reason = (reason or "Voided")[:255]
    receipt.save(update_fields=["status", "voided_at", "void_reason"])
    return receipt


@transaction.atomic
def receipt_reissue(*, receipt: Receipt, reason: str, send: bool = True) -> Receipt:
    """Void `receipt` and issue a corrected one (new number) from the gift as it stands now."""
    receipt = receipt_void(receipt=receipt, reason=reason)
    if receipt.replaced_by_or_none is not None:
        return receipt.replaced_by_or_none
    return receipt_issue(donation=receipt.donation, send=send, replaces=receipt)


@transaction.atomic
def receipt_send(*, receipt: Receipt, to: str = "") -> None:
    """Email the receipt again, to the donor or to another address (a bookkeeper)."""
    Receipt.objects.filter(pk=receipt.pk).update(last_sent_at=timezone.now())
    enqueue_on_commit(tasks.receipt_email_send, receipt_id=receipt.pk, to=to)
