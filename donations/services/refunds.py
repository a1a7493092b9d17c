"""Staff-initiated refunds of card gifts, through payments; the webhook later confirms the same refund."""

from __future__ import annotations

from django.utils import timezone
from djmoney.money import Money

from donations.models import Donation, GiftKind
from payments import services as payment_services

from .gifts import donation_refund_apply

REFUNDABLE_KINDS = (GiftKind.ONLINE, GiftKind.TICKET, GiftKind.SPONSORSHIP)


class RefundNotPossible(Exception):
    pass


def donation_refund_request(
    *, donation: Donation, amount: Money | None, request_id: str, reason: str = ""
) -> Donation:
    """Refund all (amount=None) or part of a card gift. `request_id` names the staff member's one
    request (the form carries it), so a double submit reaches Stripe with the same idempotency key."""
    if donation.kind not in REFUNDABLE_KINDS or donation.recurring_gift_id:
        raise RefundNotPossible(
            "Only one-time card gifts, tickets and sponsorships are refunded here; refund a recurring "
            "instalment in Stripe's dashboard (it is booked when Stripe reports it)."
        )
    if not donation.is_settled:
        raise RefundNotPossible("This gift has not been paid, so there is nothing to refund.")
    remaining = donation.amount - donation.amount_refunded
    amount = amount if amount is not None else remaining
    if amount.amount <= 0 or amount > remaining:
        raise RefundNotPossible(f"The refund must be more than zero and at most {remaining}.")
    result = payment_services.refund_create(
        kind="donation",
        reference=donation.reference,
        amount=amount,
        idempotency_key=f"{donation.reference}-{request_id}",
        reason=reason,
    )
    return donation_refund_apply(
        donation=donation,
        refund_id=result.refund_id,
        amount=result.amount,
        status=str(result.status),
        occurred_at=timezone.now(),
        reason=reason,
    )
