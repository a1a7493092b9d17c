"""Gifts: starting a checkout, confirming it once, refunds, disputes and offline gifts."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money

from donations.amounts import fee_cover_for
from donations.models import (
    Campaign,
    Donation,
    DonationDispute,
    DonationRefund,
    Donor,
    EventPage,
    Frequency,
    GiftKind,
    GiftStatus,
    RecurringGift,
    RefundState,
    SponsorshipTier,
    TicketType,
)
from donations.models.campaigns import MOST_NEEDED
from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart, Interval, LineItem, Recurring

from . import ledger_bridge, notifications, recognition, sponsors
from .donors import donor_get_or_create
from .receipts import receipt_issue, receipt_reissue, receipt_void

logger = logging.getLogger(__name__)

RECURRING_INTERVALS = {
    Frequency.MONTHLY: Recurring(interval=Interval.MONTH, interval_count=1),
    Frequency.QUARTERLY: Recurring(interval=Interval.MONTH, interval_count=3),
    Frequency.YEARLY: Recurring(interval=Interval.YEAR, interval_count=1),
}
# A pending ticket holds its seat this long while the buyer is on the payment page, and its Checkout
# Session expires at the same moment. Stripe refuses an expiry under 30 minutes (payments clamps it to
# 31), so the hold must be longer than that or Stripe would keep taking payment after the hold lapsed.
SEAT_HOLD = dt.timedelta(minutes=45)


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
    return _checkout_open(pending=pending, request=request)


def _checkout_open(*, pending, request: CheckoutRequest) -> CheckoutStart:
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


def offer_seats_taken(offer: TicketType | SponsorshipTier, *, excluding: Donation | None = None) -> int:
    field = "ticket_type" if isinstance(offer, TicketType) else "sponsorship_tier"
    hold_since = timezone.now() - SEAT_HOLD
    purchases = Donation.objects.filter(**{field: offer})
    if excluding is not None:
        purchases = purchases.exclude(pk=excluding.pk)
    taken = (
        purchases.filter(
            status__in=[GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED]
        ).aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    held = (
        purchases.filter(status=GiftStatus.PENDING, created_at__gte=hold_since).aggregate(n=Sum("quantity"))[
            "n"
        ]
        or 0
    )
    return taken + held


def seat_hold_lapsed(donation: Donation) -> bool:
    return donation.status != GiftStatus.PENDING or donation.created_at < timezone.now() - SEAT_HOLD


def _seats_recheck(donation: Donation) -> None:
    """A ticket paid after its hold lapsed takes a free seat again, or is flagged for staff to refund or
    honour (like the shop's oversold orders). Seats are counted under the offer's row lock."""
    offer_model, offer_id = (
        (TicketType, donation.ticket_type_id)
        if donation.ticket_type_id
        else (SponsorshipTier, donation.sponsorship_tier_id)
    )
    if offer_id is None or not seat_hold_lapsed(donation):
        return
    offer = offer_model.objects.select_for_update().filter(pk=offer_id).first()
    if offer is None or offer.capacity is None:
        return
    if offer_seats_taken(offer, excluding=donation) + donation.quantity > offer.capacity:
        donation.oversold = True
        logger.warning("%s paid after its seat hold lapsed and the offer sold out", donation.reference)


class SoldOut(Exception):
    def __init__(self, remaining: int):
        super().__init__(f"Only {remaining} left")
        self.remaining = remaining


def event_purchase_start(
    *,
    event: EventPage,
    offer: TicketType | SponsorshipTier,
    quantity: int,
    email: str,
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
    success_url: str,
    cancel_url: str,
) -> CheckoutStart:
    """A ticket or sponsorship: a partly deductible payment. Seats are counted under a row lock."""
    with transaction.atomic():
        offer = type(offer).objects.select_for_update().get(pk=offer.pk)
        if offer.capacity is not None:
            remaining = offer.capacity - offer_seats_taken(offer)
            if quantity > remaining:
                raise SoldOut(max(remaining, 0))
        donor = donor_get_or_create(
            email=email,
            fill_blanks=False,
            first_name=first_name,
            last_name=last_name,
            company_name=company_name,
        )
        is_ticket = isinstance(offer, TicketType)
        benefit_fmv, benefit_description = (
            (offer.fair_market_value * quantity, f"{quantity} x {offer.name}: {offer.benefits or offer.name}")
            if is_ticket
            else sponsors.tier_benefit(tier=offer, quantity=quantity)
        )
        pending = Donation.objects.create(
            donor=donor,
            first_name=first_name.strip()[:100],
            last_name=last_name.strip()[:100],
            kind=GiftKind.TICKET if is_ticket else GiftKind.SPONSORSHIP,
            amount=offer.price * quantity,
            benefit_fmv=benefit_fmv,
            benefit_description=benefit_description[:255],
            event=event,
            ticket_type=offer if is_ticket else None,
            sponsorship_tier=None if is_ticket else offer,
            quantity=quantity,
            designation_key=event.designation_key or MOST_NEEDED,
            designation_label=f"{event.title}",
            company_name=company_name,
        )
    request = CheckoutRequest(
        kind="donation",
        reference=pending.reference,
        mode=CheckoutMode.PAYMENT,
        line_items=[
            LineItem(name=f"{event.title}: {offer.name}"[:200], unit_amount=offer.price, quantity=quantity)
        ],
        success_url=success_url,
        cancel_url=cancel_url,
        customer_email=donor.email,
        expires_at=pending.created_at + SEAT_HOLD,
    )
    return _checkout_open(pending=pending, request=request)


@transaction.atomic
def donation_confirm(
    *,
    reference: str,
    amount_total: Money,
    occurred_at: dt.datetime,
    fee: Money | None = None,
    checkout_session_id: str = "",
    payment_intent_id: str = "",
    charge_id: str = "",
    customer_id: str = "",
    notify: bool = True,
) -> Donation:
    """Money for a one-time gift has arrived: book it and receipt it exactly once. `notify=False`
    (demo data, imports) issues the receipt without emailing anyone."""
    donation = (
        Donation.objects.select_for_update(of=("self",)).select_related("donor").get(reference=reference)
    )
    if donation.received_at is not None:
        return donation
    if amount_total != donation.amount:
        logger.warning("Gift %s settled for %s, expected %s", reference, amount_total, donation.amount)
        donation.amount = amount_total
        donation.fee_covered = min(donation.fee_covered, amount_total)
    _seats_recheck(donation)
    donation.status = GiftStatus.PAID
    donation.received_at = occurred_at
    donation.processing_fee = fee
    donation.checkout_session_id = checkout_session_id or donation.checkout_session_id
    donation.payment_intent_id = payment_intent_id or donation.payment_intent_id
    donation.charge_id = charge_id or donation.charge_id
    donation.save()
    _donor_learn(donor=donation.donor, customer_id=customer_id)
    gift_settle(donation=donation, notify=notify)
    return donation


def _donor_learn(*, donor: Donor | None, customer_id: str) -> None:
    """Remember Stripe's customer for a donor who has none. A known profile is never changed by a
    payment: anyone can pay with anyone's email (the gift keeps the name typed on it)."""
    if donor is None or not customer_id or donor.stripe_customer_id:
        return
    donor.stripe_customer_id = customer_id
    donor.save(update_fields=["stripe_customer_id", "updated_at"])


def gift_settle(*, donation: Donation, notify: bool = True) -> None:
    """Post a just-paid gift to the ledger, receipt it, send the tribute e-card, then apply any
    refund Stripe reported before the payment itself (events arrive out of order)."""
    ledger_bridge.gift_post(donation=donation)
    receipt_issue(donation=donation, send=notify)
    recognition.after_settle(donation=donation, notify=notify)
    if notify and donation.tribute_notify_email and donation.ecard_sent_at is None:
        donation.ecard_sent_at = timezone.now()
        donation.save(update_fields=["ecard_sent_at"])
        notifications.ecard_send_on_commit(donation_id=donation.pk)
    if donation.refunds.exists():
        for refund in donation.refunds.select_for_update():
            _refund_book(donation=donation, refund=refund, occurred_at=donation.received_at)
        _refund_totals_apply(donation=donation)


@transaction.atomic
def donation_mark_failed(*, reference: str, reason: str = "") -> Donation | None:
    donation = Donation.objects.select_for_update().filter(reference=reference).first()
    if donation is None:
        return None
    if donation.status == GiftStatus.PENDING:
        donation.status = GiftStatus.FAILED
        donation.save(update_fields=["status"])
    notifications.decline_note()
    return donation


@transaction.atomic
def donation_mark_expired(*, reference: str) -> Donation | None:
    donation = Donation.objects.select_for_update().filter(reference=reference).first()
    if donation is not None and donation.status == GiftStatus.PENDING:
        donation.status = GiftStatus.EXPIRED
        donation.save(update_fields=["status"])
    return donation


def _refund_book(*, donation: Donation, refund: DonationRefund, occurred_at) -> None:
    kind = f"refund:{refund.refund_id}"
    if refund.status == RefundState.SUCCEEDED and not refund.booked:
        ledger_bridge.gift_reverse(
            donation=donation, kind=kind, amount=refund.amount, occurred_at=occurred_at, memo="Refund"
        )
        refund.booked = True
        refund.save(update_fields=["booked", "updated_at"])
    elif refund.status in (RefundState.FAILED, RefundState.CANCELED) and refund.booked:
        ledger_bridge.gift_reversal_undo(
            donation=donation,
            kind=f"refund-failed:{refund.refund_id}",
            reverses_kind=kind,
            occurred_at=occurred_at,
            memo="Refund failed",
        )
        refund.booked = False
        refund.save(update_fields=["booked", "updated_at"])


def _refund_totals_apply(*, donation: Donation) -> None:
    currency = donation.amount.currency
    booked = sum((r.amount for r in donation.refunds.filter(booked=True)), Money(0, currency))
    booked = min(booked, donation.amount)
    if booked == donation.amount_refunded:
        return
    donation.amount_refunded = booked
    if booked == donation.amount:
        donation.status = GiftStatus.REFUNDED
    elif donation.status != GiftStatus.DISPUTED:
        donation.status = GiftStatus.PARTIALLY_REFUNDED if booked.amount > 0 else GiftStatus.PAID
    donation.save(update_fields=["amount_refunded", "status"])
    current = donation.receipts.filter(status="issued").first()
    if current is None:
        if booked < donation.amount:
            receipt_issue(donation=donation)
    elif booked == donation.amount:
        receipt_void(receipt=current, reason="Gift refunded in full")
    else:
        receipt_reissue(receipt=current, reason=f"Gift partly refunded ({booked} returned)")


@transaction.atomic
def donation_refund_apply(
    *, donation: Donation, refund_id: str, amount: Money, status: str, occurred_at, reason: str = ""
) -> Donation:
    """Stripe reported a refund's state; book it once, undo it if it later failed."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    refund, created = DonationRefund.objects.select_for_update().get_or_create(
        refund_id=refund_id,
        defaults={"donation": donation, "amount": amount, "status": status, "reason": reason[:255]},
    )
    if not created and (refund.status != status or refund.amount != amount):
        refund.status, refund.amount = status, amount
        refund.save(update_fields=["status", "amount", "updated_at"])
    if donation.received_at is None:
        return donation  # booked when the payment itself arrives
    _refund_book(donation=donation, refund=refund, occurred_at=occurred_at)
    _refund_totals_apply(donation=donation)
    return donation


@transaction.atomic
def donation_dispute_apply(
    *, donation: Donation, dispute_id: str, phase: str, amount: Money, fee: Money, status: str, occurred_at
) -> Donation:
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    dispute, _ = DonationDispute.objects.select_for_update().get_or_create(
        dispute_id=dispute_id, defaults={"donation": donation, "amount": amount}
    )
    dispute.stripe_status = status
    if donation.received_at is None:
        dispute.save()
        return donation
    if phase == "funds_withdrawn" and not dispute.funds_withdrawn:
        ledger_bridge.gift_reverse(
            donation=donation,
            kind=f"dispute:{dispute_id}",
            amount=amount,
            occurred_at=occurred_at,
            memo="Dispute",
        )
        if fee and fee.amount > 0:
            ledger_bridge.gift_fee_post(
                donation=donation, kind=f"dispute-fee:{dispute_id}", amount=fee, occurred_at=occurred_at
            )
        dispute.funds_withdrawn = True
        donation.status = GiftStatus.DISPUTED
    elif phase == "funds_reinstated" and dispute.funds_withdrawn and not dispute.funds_reinstated:
        ledger_bridge.gift_reversal_undo(
            donation=donation,
            kind=f"dispute-reinstated:{dispute_id}",
            reverses_kind=f"dispute:{dispute_id}",
            occurred_at=occurred_at,
            memo="Dispute won",
        )
        dispute.funds_reinstated = True
        donation.status = (
            GiftStatus.PARTIALLY_REFUNDED if donation.amount_refunded.amount > 0 else GiftStatus.PAID
        )
    elif phase == "closed" and status == "lost":
        current = donation.receipts.filter(status="issued").first()
        if current is not None:
            receipt_void(receipt=current, reason="Payment disputed and lost")
    dispute.save()
    donation.save(update_fields=["status"])
    return donation


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
