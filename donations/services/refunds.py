"""Refunds of gifts: staff ask Stripe through payments; Stripe's reports are booked once, and undone
if the refund later fails. The receipt follows what is left of the gift."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from donations.models import Donation, DonationRefund, GiftKind, GiftStatus, RefundState
from payments import services as payment_services

from . import ledger_bridge
from .receipts import receipt_issue, receipt_reissue, receipt_void

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


def refund_book(*, donation: Donation, refund: DonationRefund, occurred_at) -> None:
    """Reverse a succeeded refund in the ledger once; undo that reversal if Stripe later reports the
    refund failed or was canceled."""
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


def refund_totals_apply(*, donation: Donation) -> None:
    """Bring the gift's refunded total, status and receipt in line with the refunds booked."""
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
    refund_book(donation=donation, refund=refund, occurred_at=occurred_at)
    refund_totals_apply(donation=donation)
    return donation
