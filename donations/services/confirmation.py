"""Confirming a gift once: money arrived (book, receipt, e-card), or the checkout failed or expired."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from core.mail import enqueue_on_commit
from donations import tasks
from donations.models import Donation, Donor, GiftStatus

from . import ledger_bridge, notifications, recognition
from .receipts import receipt_issue
from .refunds import refund_book, refund_totals_apply
from .tickets import seats_recheck

logger = logging.getLogger(__name__)


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
    seats_recheck(donation)
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
        enqueue_on_commit(tasks.ecard_send, donation_id=donation.pk)
    if donation.refunds.exists():
        for refund in donation.refunds.select_for_update():
            refund_book(donation=donation, refund=refund, occurred_at=donation.received_at)
        refund_totals_apply(donation=donation)


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
