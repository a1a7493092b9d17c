"""The handler payments calls for kind "donation" (settings.PAYMENTS_HANDLERS).

References tell the two kinds apart: "D-..." is one Donation (a one-time gift, ticket or
sponsorship), "R-..." a RecurringGift whose every paid invoice becomes a Donation. Each method runs
inside the webhook's transaction and is idempotent (keyed on our reference and Stripe's ids).
"""

from __future__ import annotations

import logging

from donations.models import Donation, RecurringGift
from donations.services import (
    donation_confirm,
    donation_dispute_apply,
    donation_mark_expired,
    donation_mark_failed,
    donation_refund_apply,
    recurring_instalment_record,
    recurring_mark_expired,
    recurring_mark_past_due,
    recurring_subscription_sync,
)
from donations.services.notifications import decline_note
from donations.services.order_gifts import order_gift_record, order_gift_refund
from payments.types import (
    CheckoutExpired,
    DisputeUpdated,
    GiftLinePaid,
    GiftLineRefunded,
    PaymentFailed,
    PaymentSettled,
    RefundUpdated,
    StripeIds,
    SubscriptionUpdated,
)

logger = logging.getLogger(__name__)


class UnknownGift(Exception):
    """No gift has this reference; raising makes payments record the event as failed, for staff."""


def _is_recurring(reference: str) -> bool:
    return reference.startswith("R-")


def _recurring_reference(reference: str, ids: StripeIds) -> str:
    if reference:
        return reference
    gift = RecurringGift.objects.filter(stripe_subscription_id=ids.subscription_id).only("reference").first()
    if gift is None:
        raise UnknownGift(f"No recurring gift for subscription {ids.subscription_id}")
    return gift.reference


def _donation_for(reference: str, ids: StripeIds) -> Donation:
    """The paid gift an event is about. For a recurring gift, the instalment with Stripe's ids."""
    if not _is_recurring(reference):
        donation = Donation.objects.filter(reference=reference).first()
        if donation is None:
            raise UnknownGift(f"No gift with reference {reference}")
        return donation
    instalments = Donation.objects.filter(recurring_gift__reference=reference)
    for field, value in (
        ("invoice_id", ids.invoice_id),
        ("payment_intent_id", ids.payment_intent_id),
        ("charge_id", ids.charge_id),
    ):
        if value:
            match = instalments.filter(**{field: value}).first()
            if match is not None:
                return match
    raise UnknownGift(f"No instalment of {reference} matches the event's payment")


class DonationPayments:
    """`settings.PAYMENTS_HANDLERS["donation"]` names `handler`, one of these."""

    @staticmethod
    def payment_settled(event: PaymentSettled) -> None:
        if _is_recurring(event.reference) or (not event.reference and event.ids.subscription_id):
            recurring_instalment_record(
                reference=_recurring_reference(event.reference, event.ids),
                amount_total=event.amount_total,
                occurred_at=event.occurred_at,
                invoice_id=event.ids.invoice_id,
                subscription_id=event.ids.subscription_id,
                customer_id=event.ids.customer_id,
                payment_intent_id=event.ids.payment_intent_id,
                charge_id=event.ids.charge_id,
                checkout_session_id=event.ids.checkout_session_id,
                fee=event.fee,
            )
            return
        if not Donation.objects.filter(reference=event.reference).exists():
            raise UnknownGift(f"No gift with reference {event.reference}")
        donation_confirm(
            reference=event.reference,
            amount_total=event.amount_total,
            occurred_at=event.occurred_at,
            fee=event.fee,
            checkout_session_id=event.ids.checkout_session_id,
            payment_intent_id=event.ids.payment_intent_id,
            charge_id=event.ids.charge_id,
            customer_id=event.ids.customer_id,
        )

    @staticmethod
    def payment_failed(event: PaymentFailed) -> None:
        if event.attempt_declined:
            # One declined card inside Checkout: the donor may retry on the same page, so the gift
            # stays as it is; the decline only counts toward the card-testing alert.
            decline_note()
            return
        if _is_recurring(event.reference) or (not event.reference and event.ids.subscription_id):
            recurring_mark_past_due(
                reference=_recurring_reference(event.reference, event.ids),
                occurred_at=event.occurred_at,
                reason=event.reason,
                card_update_url=event.hosted_invoice_url,
                invoice_id=event.ids.invoice_id,
            )
            return
        donation_mark_failed(reference=event.reference, reason=event.reason)

    @staticmethod
    def checkout_expired(event: CheckoutExpired) -> None:
        if _is_recurring(event.reference):
            recurring_mark_expired(reference=event.reference)
        else:
            donation_mark_expired(reference=event.reference)

    @staticmethod
    def refund_updated(event: RefundUpdated) -> None:
        donation_refund_apply(
            donation=_donation_for(event.reference, event.ids),
            refund_id=event.refund_id,
            amount=event.amount,
            status=str(event.status),
            occurred_at=event.occurred_at,
            reason=event.reason,
        )

    @staticmethod
    def dispute_updated(event: DisputeUpdated) -> None:
        donation_dispute_apply(
            donation=_donation_for(event.reference, event.ids),
            dispute_id=event.dispute_id,
            phase=str(event.phase),
            amount=event.amount,
            fee=event.fee,
            status=event.status,
            occurred_at=event.occurred_at,
        )

    @staticmethod
    def subscription_updated(event: SubscriptionUpdated) -> None:
        reference = event.reference
        if not reference or not _is_recurring(reference):
            reference = _recurring_reference("", event.ids)
        recurring_subscription_sync(
            reference=reference,
            status=event.status,
            occurred_at=event.occurred_at,
            deleted=event.deleted,
            cancel_at_period_end=event.cancel_at_period_end,
            current_period_end=event.current_period_end,
            subscription_id=event.ids.subscription_id,
            customer_id=event.ids.customer_id,
        )

    @staticmethod
    def gift_line_paid(event: GiftLinePaid) -> Donation:
        return order_gift_record(
            order_reference=event.order_reference,
            line_reference=event.line_reference,
            amount=event.amount,
            designation=event.designation,
            donor_email=event.donor_email,
            donor_name=event.donor_name,
            occurred_at=event.occurred_at,
        )

    @staticmethod
    def gift_line_refunded(event: GiftLineRefunded) -> Donation:
        return order_gift_refund(
            order_reference=event.order_reference,
            line_reference=event.line_reference,
            amount=event.amount,
            occurred_at=event.occurred_at,
            refund_reference=event.refund_reference,
        )


handler = DonationPayments()
