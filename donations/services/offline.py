"""Offline gifts (cheque, cash, stock) entered by staff."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from donations.models import Campaign, Donation, GiftKind, GiftStatus
from donations.models.campaigns import MOST_NEEDED

from . import ledger_bridge
from .donors import donor_get_or_create
from .receipts import receipt_issue


@transaction.atomic
def donation_record_offline(
    *,
    email: str,
    amount: Money,
    received_on: dt.date,
    method: str,
    description: str = "",
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
    designation_key: str = MOST_NEEDED,
    designation_label: str = "Where most needed",
    campaign: Campaign | None = None,
    benefit_description: str = "",
    benefit_fmv: Money | None = None,
    entered_by: str = "",
    send_receipt: bool = True,
) -> Donation:
    """A cheque, cash or stock gift entered by staff: booked and receipted like any other."""
    donor = donor_get_or_create(
        email=email, first_name=first_name, last_name=last_name, company_name=company_name
    )
    received_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(12, 0)))
    donation = Donation.objects.create(
        donor=donor,
        first_name=(first_name or donor.first_name).strip()[:100],
        last_name=(last_name or donor.last_name).strip()[:100],
        kind=GiftKind.OFFLINE,
        status=GiftStatus.PAID,
        amount=amount,
        offline_method=method,
        offline_description=description,
        company_name=company_name,
        designation_key=designation_key,
        designation_label=designation_label,
        campaign=campaign,
        benefit_description=benefit_description,
        benefit_fmv=benefit_fmv or Money(0, amount.currency),
        received_at=received_at,
        entered_by=entered_by,
    )
    ledger_bridge.gift_post(donation=donation)
    receipt_issue(donation=donation, send=send_receipt)
    return donation
