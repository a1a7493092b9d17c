"""Recurring gifts: each paid invoice is one more gift; failures, changes and cancellation."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from core.mail import enqueue_on_commit
from donations import tasks
from donations.amounts import fee_cover_for
from donations.models import Donation, Frequency, GiftKind, GiftStatus, RecurringGift, RecurringStatus
from payments import services as payment_services

from . import notifications
from .checkout import RECURRING_INTERVALS
from .confirmation import gift_settle

logger = logging.getLogger(__name__)

_DETAIL_FIELDS = (
    "donor_id",
    "first_name",
    "last_name",
    "designation_key",
    "designation_label",
    "campaign_id",
    "circle_id",
    "page_id",
    "company_name",
    "anonymous",
    "wall_consent",
)


def _lock(reference: str) -> RecurringGift:
    return (
        RecurringGift.objects.select_for_update(of=("self",)).select_related("donor").get(reference=reference)
    )


def _learn_ids(gift: RecurringGift, *, subscription_id: str, customer_id: str) -> list[str]:
    changed = []
    if subscription_id and not gift.stripe_subscription_id:
        gift.stripe_subscription_id = subscription_id
        changed.append("stripe_subscription_id")
    if customer_id and not gift.stripe_customer_id:
        gift.stripe_customer_id = customer_id
        changed.append("stripe_customer_id")
        if not gift.donor.stripe_customer_id:
            gift.donor.stripe_customer_id = customer_id
            gift.donor.save(update_fields=["stripe_customer_id", "updated_at"])
    return changed


@transaction.atomic
def recurring_instalment_record(
    *,
    reference: str,
    amount_total: Money,
    occurred_at: dt.datetime,
    invoice_id: str = "",
    subscription_id: str = "",
    customer_id: str = "",
    payment_intent_id: str = "",
    charge_id: str = "",
    checkout_session_id: str = "",
    fee: Money | None = None,
) -> Donation | None:
    """One paid invoice = one gift, one posting, one receipt; keyed by the invoice id, so a second
    delivery (or the checkout completion carrying the same invoice) changes nothing."""
    gift = _lock(reference)
    changed = _learn_ids(gift, subscription_id=subscription_id, customer_id=customer_id)
    if gift.status in (RecurringStatus.PENDING, RecurringStatus.ABANDONED):
        gift.status = RecurringStatus.ACTIVE
        gift.status_changed_at = occurred_at
        changed += ["status", "status_changed_at"]
    elif gift.status == RecurringStatus.PAST_DUE and (
        gift.past_due_since is None or occurred_at >= gift.past_due_since
    ):
        gift.status = RecurringStatus.ACTIVE
        gift.past_due_since = None
        gift.card_update_url = ""
        gift.status_changed_at = occurred_at
        changed += ["status", "past_due_since", "card_update_url", "status_changed_at"]
    if changed:
        gift.save(update_fields=changed)
    # The first payment settles through the checkout session (payments skips its invoice.paid); later
    # ones through invoice.paid. Either way one payment is one gift, keyed by Stripe's ids.
    if invoice_id:
        existing = Donation.objects.filter(invoice_id=invoice_id).first()
    elif checkout_session_id:
        existing = gift.instalments.filter(checkout_session_id=checkout_session_id).first()
    else:
        logger.warning("Recurring payment for %s without an invoice or session id; not booked", reference)
        return None
    if existing is not None:
        return existing
    fee_covered = min(gift.fee_covered, amount_total)
    if amount_total != gift.charge_amount:
        # The amount was changed since (or prorated): keep the covered fee only if it still applies.
        fee_covered = Money(0, amount_total.currency) if amount_total < gift.charge_amount else fee_covered
    donation = Donation.objects.create(
        kind=GiftKind.RECURRING,
        status=GiftStatus.PAID,
        recurring_gift=gift,
        amount=amount_total,
        fee_covered=fee_covered,
        processing_fee=fee,
        invoice_id=invoice_id,
        checkout_session_id=checkout_session_id,
        payment_intent_id=payment_intent_id,
        charge_id=charge_id,
        received_at=occurred_at,
        tribute_type=gift.tribute_type,
        honoree_name=gift.honoree_name,
        **{field: getattr(gift, field) for field in _DETAIL_FIELDS},
    )
    first_instalment = not gift.instalments.exclude(pk=donation.pk).exists()
    if first_instalment and gift.tribute_notify_email:
        # The e-card goes out once, with the first gift.
        donation.tribute_notify_email = gift.tribute_notify_email
        donation.tribute_message = gift.tribute_message
        donation.save(update_fields=["tribute_notify_email", "tribute_message"])
    gift_settle(donation=donation)
    return donation


@transaction.atomic
def recurring_mark_past_due(
    *,
    reference: str,
    occurred_at: dt.datetime,
    reason: str = "",
    card_update_url: str = "",
    invoice_id: str = "",
) -> RecurringGift:
    """An instalment could not be charged: past due, and the donor is told how to fix the card (once
    per failed invoice)."""
    gift = _lock(reference)
    if gift.status in (RecurringStatus.ENDED, RecurringStatus.ABANDONED):
        return gift
    if invoice_id and Donation.objects.filter(invoice_id=invoice_id).exists():
        return gift  # that invoice was paid after all (a retry succeeded before this event arrived)
    already_told = gift.status == RecurringStatus.PAST_DUE and gift.card_update_url == card_update_url
    gift.status = RecurringStatus.PAST_DUE
    gift.past_due_since = gift.past_due_since or occurred_at
    gift.last_failure_reason = (reason or "")[:255]
    gift.card_update_url = card_update_url or gift.card_update_url
    gift.status_changed_at = occurred_at
    gift.save()
    if not already_told:
        enqueue_on_commit(tasks.past_due_email_send, recurring_id=gift.pk)
    notifications.decline_note()
    return gift


@transaction.atomic
def recurring_mark_expired(*, reference: str) -> RecurringGift | None:
    gift = RecurringGift.objects.select_for_update().filter(reference=reference).first()
    if gift is not None and gift.status == RecurringStatus.PENDING:
        gift.status = RecurringStatus.ABANDONED
        gift.save(update_fields=["status"])
    return gift


_STRIPE_STATUS = {
    "active": RecurringStatus.ACTIVE,
    "trialing": RecurringStatus.ACTIVE,
    "past_due": RecurringStatus.PAST_DUE,
    "unpaid": RecurringStatus.PAST_DUE,
    "canceled": RecurringStatus.ENDED,
    "incomplete_expired": RecurringStatus.ABANDONED,
}


@transaction.atomic
def recurring_subscription_sync(
    *,
    reference: str,
    status: str,
    occurred_at: dt.datetime,
    deleted: bool = False,
    cancel_at_period_end: bool = False,
    current_period_end: dt.datetime | None = None,
    subscription_id: str = "",
    customer_id: str = "",
) -> RecurringGift:
    """Follow the subscription's state. Ended is final; an older event never overrides a newer one."""
    gift = _lock(reference)
    _learn_ids(gift, subscription_id=subscription_id, customer_id=customer_id)
    if gift.status == RecurringStatus.ENDED:
        gift.save()
        return gift
    if deleted or status == "canceled":
        gift.status = RecurringStatus.ENDED
        gift.ended_at = occurred_at
        gift.status_changed_at = occurred_at
        gift.cancel_at_period_end = False
        gift.save()
        enqueue_on_commit(tasks.recurring_ended_email_send, recurring_id=gift.pk)
        return gift
    if gift.status_changed_at and occurred_at < gift.status_changed_at:
        gift.save()
        return gift
    new_status = _STRIPE_STATUS.get(status)
    if new_status is not None:
        if new_status == RecurringStatus.PAST_DUE and gift.status != RecurringStatus.PAST_DUE:
            gift.past_due_since = occurred_at
        if new_status == RecurringStatus.ACTIVE:
            gift.past_due_since = None
        gift.status = new_status
    gift.cancel_at_period_end = cancel_at_period_end
    gift.current_period_end = current_period_end or gift.current_period_end
    gift.status_changed_at = occurred_at
    gift.save()
    return gift


def recurring_change(*, gift: RecurringGift, amount: Money, frequency: str, cover_fee: bool) -> RecurringGift:
    """The donor changed the amount or frequency: Stripe first (it prorates nothing for gifts), then here."""
    if not gift.is_live or not gift.stripe_subscription_id:
        raise ValueError("Only an active recurring gift can be changed.")
    if frequency not in RECURRING_INTERVALS:
        raise ValueError("Choose monthly, quarterly or yearly.")
    fee_covered = fee_cover_for(amount) if cover_fee else Money(0, amount.currency)
    payment_services.subscription_update(
        subscription_id=gift.stripe_subscription_id,
        amount=amount + fee_covered,
        recurring=RECURRING_INTERVALS[Frequency(frequency)],
    )
    with transaction.atomic():
        locked = RecurringGift.objects.select_for_update().get(pk=gift.pk)
        locked.amount, locked.fee_covered, locked.frequency = amount, fee_covered, frequency
        locked.save(update_fields=["amount", "fee_covered", "frequency"])
    return locked


def recurring_cancel(*, gift: RecurringGift) -> RecurringGift:
    """Cancel at Stripe now; the `customer.subscription.deleted` event (or this, whichever is first)
    ends it here."""
    if gift.status == RecurringStatus.ENDED:
        return gift
    if gift.stripe_subscription_id:
        payment_services.subscription_cancel(subscription_id=gift.stripe_subscription_id)
    return recurring_subscription_sync(
        reference=gift.reference, status="canceled", occurred_at=timezone.now(), deleted=True
    )
