"""Starting a gift: the validated form, the pending row, and the Checkout Session that pays it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from donations.amounts import fee_cover_for
from donations.models import Campaign, Donation, Donor, Frequency, GiftKind, GiftStatus, RecurringGift
from donations.models.campaigns import MOST_NEEDED
from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart, Interval, LineItem, Recurring

from .donors import donor_get_or_create

logger = logging.getLogger(__name__)

RECURRING_INTERVALS = {
    Frequency.MONTHLY: Recurring(interval=Interval.MONTH, interval_count=1),
    Frequency.QUARTERLY: Recurring(interval=Interval.MONTH, interval_count=3),
    Frequency.YEARLY: Recurring(interval=Interval.YEAR, interval_count=1),
}


class CampaignClosed(Exception):
    """The gift names a campaign that has not started or has ended; nothing was recorded."""

    def __init__(self, user_message: str):
        super().__init__(user_message)
        self.user_message = user_message


class DonationUnavailable(Exception):
    """The gift could not be started (the payment provider refused or is unreachable)."""

    def __init__(self, user_message: str = ""):
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True, kw_only=True)
class GiftRequest:
    """A validated donation form."""

    email: str
    amount: Money  # the gift itself, before any covered fee
    frequency: str = Frequency.ONE_TIME
    cover_fee: bool = False
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    designation_key: str = MOST_NEEDED
    designation_label: str = "Where most needed"
    campaign_id: int | None = None
    circle_id: int | None = None
    page_id: int | None = None
    tribute_type: str = ""
    honoree_name: str = ""
    tribute_notify_email: str = ""
    tribute_message: str = ""
    anonymous: bool = False
    wall_consent: bool = False
    comment: str = ""


def _gift_fields(gift: GiftRequest, donor: Donor) -> dict:
    return {
        "donor": donor,
        "first_name": gift.first_name.strip()[:100],
        "last_name": gift.last_name.strip()[:100],
        "designation_key": gift.designation_key,
        "designation_label": gift.designation_label,
        "campaign_id": gift.campaign_id,
        "circle_id": gift.circle_id,
        "page_id": gift.page_id,
        "tribute_type": gift.tribute_type,
        "honoree_name": gift.honoree_name,
        "tribute_notify_email": gift.tribute_notify_email,
        "tribute_message": gift.tribute_message,
        "company_name": gift.company_name,
        "anonymous": gift.anonymous,
        "wall_consent": gift.wall_consent and not gift.anonymous,
        "comment": gift.comment,
    }


def _line_name(gift: GiftRequest) -> str:
    frequency = "" if gift.frequency == Frequency.ONE_TIME else f"{Frequency(gift.frequency).label} "
    return f"{frequency}gift: {gift.designation_label}".capitalize()[:200]


@transaction.atomic
def _pending_gift_create(*, gift: GiftRequest):
    # Whoever types an email may not change what is stored about it: a new donor is created with these
    # details, an existing one is left as it is (the gift itself records the name typed).
    donor = donor_get_or_create(
        email=gift.email,
        fill_blanks=False,
        first_name=gift.first_name,
        last_name=gift.last_name,
        company_name=gift.company_name,
    )
    fee_covered = fee_cover_for(gift.amount) if gift.cover_fee else Money(0, gift.amount.currency)
    fields = _gift_fields(gift, donor)
    if gift.frequency == Frequency.ONE_TIME:
        return Donation.objects.create(
            kind=GiftKind.ONLINE, amount=gift.amount + fee_covered, fee_covered=fee_covered, **fields
        )
    return RecurringGift.objects.create(
        frequency=gift.frequency, amount=gift.amount, fee_covered=fee_covered, **fields
    )


def donation_start(*, gift: GiftRequest, success_url: str, cancel_url: str) -> CheckoutStart:
    """Record the pending gift, then open a Checkout Session for it (payment or subscription mode).

    The pending row is committed before Stripe is called, so a network failure leaves a visible,
    failed attempt rather than nothing. A gift to a campaign outside its dates raises CampaignClosed."""
    campaign = Campaign.objects.filter(pk=gift.campaign_id).first() if gift.campaign_id else None
    closed_reason = campaign.giving_closed_reason(today=timezone.localdate()) if campaign else ""
    if closed_reason:
        raise CampaignClosed(closed_reason)
    pending = _pending_gift_create(gift=gift)
    recurring = isinstance(pending, RecurringGift)
    request = CheckoutRequest(
        kind="donation",
        reference=pending.reference,
        mode=CheckoutMode.SUBSCRIPTION if recurring else CheckoutMode.PAYMENT,
        line_items=[
            LineItem(
                name=_line_name(gift),
                unit_amount=pending.charge_amount if recurring else pending.amount,
                description="Includes the processing fee you chose to cover." if gift.cover_fee else "",
            )
        ],
        success_url=success_url,
        cancel_url=cancel_url,
        # Never the stored Stripe customer: Checkout would prefill that customer's details for
        # whoever typed the email.
        customer_email=pending.donor.email,
        recurring=RECURRING_INTERVALS[gift.frequency] if recurring else None,
    )
    return checkout_open(pending=pending, request=request)


def checkout_open(*, pending, request: CheckoutRequest) -> CheckoutStart:
    try:
        start = payment_services.checkout_session_create(request=request)
    except PaymentsError as error:
        logger.warning("Checkout could not start for %s: %s", pending.reference, type(error).__name__)
        type(pending).objects.filter(pk=pending.pk).update(
            status=GiftStatus.FAILED if isinstance(pending, Donation) else "abandoned"
        )
        raise DonationUnavailable(error.user_message) from error
    type(pending).objects.filter(pk=pending.pk).update(checkout_session_id=start.session_id)
    return start
