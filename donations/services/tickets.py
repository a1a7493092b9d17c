"""Event tickets and sponsorships: seats counted under a row lock and held while the buyer pays."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from donations.models import Donation, EventPage, GiftKind, GiftStatus, SponsorshipTier, TicketType
from donations.models.campaigns import MOST_NEEDED
from donations.selectors import SEAT_HOLD, offer_seats_taken
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart, LineItem

from . import sponsors
from .checkout import checkout_open
from .donors import donor_get_or_create

logger = logging.getLogger(__name__)


def seat_hold_lapsed(donation: Donation) -> bool:
    return donation.status != GiftStatus.PENDING or donation.created_at < timezone.now() - SEAT_HOLD


def seats_recheck(donation: Donation) -> None:
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
    return checkout_open(pending=pending, request=request)
