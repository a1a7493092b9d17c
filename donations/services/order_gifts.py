"""Gifts bought as a line of a shop order (GiftLinePaid / GiftLineRefunded through payment_handlers):
booked to the chosen fund and receipted on their own; for a refund without a refund reference,
`amount` is the cumulative total refunded on that line, so the same call twice changes nothing."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from djmoney.money import Money

from donations.models import Designation, Donation, GiftKind, GiftStatus
from donations.models.campaigns import MOST_NEEDED

from .confirmation import gift_settle
from .donors import donor_get_or_create
from .refunds import donation_refund_apply


def _designation(key: str) -> tuple[str, str]:
    key = (key or MOST_NEEDED).strip()
    if key == MOST_NEEDED:
        return MOST_NEEDED, "Where most needed"
    found = Designation.objects.filter(fund_slug=key).first()
    return key, found.name if found else key.replace("-", " ").capitalize()


@transaction.atomic
def order_gift_record(
    *,
    order_reference: str,
    line_reference: str,
    amount: Money,
    designation: str,
    donor_email: str,
    donor_name: str = "",
    occurred_at=None,
) -> Donation:
    """Idempotent by (order, line): a second call returns the gift already recorded."""
    existing = Donation.objects.filter(order_reference=order_reference, line_reference=line_reference).first()
    if existing is not None:
        return existing
    if amount.amount <= 0:
        raise ValueError("A gift line must be worth more than zero.")
    first, _, last = (donor_name or "").strip().partition(" ")
    donor = (
        donor_get_or_create(email=donor_email, fill_blanks=False, first_name=first, last_name=last)
        if donor_email
        else None
    )
    key, label = _designation(designation)
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                donor=donor,
                first_name=first[:100],
                last_name=last.strip()[:100],
                kind=GiftKind.ORDER_GIFT,
                status=GiftStatus.PAID,
                amount=amount,
                designation_key=key,
                designation_label=label,
                order_reference=order_reference,
                line_reference=line_reference,
                received_at=occurred_at or timezone.now(),
            )
    except IntegrityError:
        return Donation.objects.get(order_reference=order_reference, line_reference=line_reference)
    gift_settle(donation=donation)
    return donation


@transaction.atomic
def order_gift_refund(
    *, order_reference: str, line_reference: str, amount: Money, occurred_at=None, refund_reference: str = ""
) -> Donation:
    donation = Donation.objects.get(order_reference=order_reference, line_reference=line_reference)
    occurred_at = occurred_at or timezone.now()
    if refund_reference:
        refund_id, refund_amount = f"order:{order_reference}:{line_reference}:{refund_reference}", amount
    else:
        already = sum((r.amount for r in donation.refunds.filter(booked=True)), Money(0, amount.currency))
        refund_amount = min(amount, donation.amount) - already
        if refund_amount.amount <= 0:
            return donation
        refund_id = f"order:{order_reference}:{line_reference}:to:{min(amount, donation.amount).amount}"
    return donation_refund_apply(
        donation=donation,
        refund_id=refund_id,
        amount=refund_amount,
        status="succeeded",
        occurred_at=occurred_at,
        reason="Order refunded",
    )
