"""Disputes of gifts: funds withdrawn are reversed with the dispute fee, reinstated ones restored."""

from __future__ import annotations

from django.db import transaction
from djmoney.money import Money

from donations.models import Donation, DonationDispute, GiftStatus

from . import ledger_bridge
from .receipts import receipt_void


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
