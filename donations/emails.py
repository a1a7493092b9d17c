"""Donor emails, each HTML + plain text, built from templates/donations/email/<name>.{txt,html}
(core.mail)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from core.mail import send_templated_email
from core.site_url import site_url as core_site_url
from donations import pdf
from donations.models import Donation, Receipt, RecurringGift
from donations.organisation import organisation


def site_url(path: str = "/") -> str:
    return core_site_url(path, base=settings.DONATIONS_SITE_URL)


def _send(*, template: str, subject: str, to: list[str], context: dict, attachments=()) -> None:
    context = {"organisation": organisation(), "portal_url": site_url(reverse("donations:portal")), **context}
    send_templated_email(
        template=f"donations/email/{template}",
        subject=subject,
        to=to,
        context=context,
        attachments=attachments,
    )


def receipt_email(*, receipt_id: int, to: str = "") -> None:
    receipt = Receipt.objects.select_related("donation", "donor").get(pk=receipt_id)
    recipient = to or receipt.donor_email
    if not recipient:
        return
    _send(
        template="receipt",
        subject=f"Your receipt {receipt.number} from {receipt.organisation_name}",
        to=[recipient],
        context={"receipt": receipt, "donation": receipt.donation},
        attachments=[(f"receipt-{receipt.number}.pdf", pdf.receipt_pdf(receipt), "application/pdf")],
    )


def tribute_ecard(*, donation_id: int) -> None:
    donation = Donation.objects.select_related("donor").get(pk=donation_id)
    if not donation.tribute_notify_email:
        return
    giver = (
        "Someone who cares"
        if donation.anonymous
        else (donation.company_name or donation.giver_name or "A friend")
    )
    _send(
        template="ecard",
        subject=f"A gift {donation.get_tribute_type_display().lower()} {donation.honoree_name}",
        to=[donation.tribute_notify_email],
        context={"donation": donation, "giver": giver},
    )


def past_due_email(*, recurring_id: int) -> None:
    gift = RecurringGift.objects.select_related("donor").get(pk=recurring_id)
    _send(
        template="past_due",
        subject="We couldn't process your recurring gift",
        to=[gift.donor.email],
        context={"gift": gift, "card_update_url": gift.card_update_url},
    )


def recurring_ended_email(*, recurring_id: int) -> None:
    gift = RecurringGift.objects.select_related("donor").get(pk=recurring_id)
    _send(
        template="recurring_ended",
        subject="Your recurring gift has ended",
        to=[gift.donor.email],
        context={"gift": gift},
    )


def portal_link_email(*, email: str, link: str, minutes: int) -> None:
    _send(
        template="portal_link",
        subject="Your link to manage your giving",
        to=[email],
        context={"link": link, "minutes": minutes},
    )


def annual_statement_email(*, donor, year: int, statement) -> None:
    _send(
        template="statement",
        subject=f"Your {year} giving statement",
        to=[donor.email],
        context={"donor": donor, "year": year, "statement": statement},
        attachments=[(f"giving-statement-{year}.pdf", pdf.statement_pdf(statement), "application/pdf")],
    )
