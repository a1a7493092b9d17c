"""donations services: every write, keyword-only and atomic."""

from .checkout import CampaignClosed, DonationUnavailable, GiftRequest, donation_start
from .confirmation import donation_confirm, donation_mark_expired, donation_mark_failed
from .disputes import donation_dispute_apply
from .donors import donor_get_or_create, donor_update
from .offline import donation_record_offline
from .portal import portal_link_send, portal_token_redeem, portal_token_usable
from .receipts import receipt_issue, receipt_reissue, receipt_send, receipt_void
from .recurring import (
    recurring_cancel,
    recurring_change,
    recurring_instalment_record,
    recurring_mark_expired,
    recurring_mark_past_due,
    recurring_subscription_sync,
)
from .refunds import RefundNotPossible, donation_refund_apply, donation_refund_request
from .statements import annual_statement_send
from .tickets import SoldOut, event_purchase_start

__all__ = [
    "CampaignClosed",
    "DonationUnavailable",
    "GiftRequest",
    "RefundNotPossible",
    "SoldOut",
    "annual_statement_send",
    "donation_confirm",
    "donation_dispute_apply",
    "donation_mark_expired",
    "donation_mark_failed",
    "donation_record_offline",
    "donation_refund_apply",
    "donation_refund_request",
    "donation_start",
    "donor_get_or_create",
    "donor_update",
    "event_purchase_start",
    "portal_link_send",
    "portal_token_redeem",
    "portal_token_usable",
    "receipt_issue",
    "receipt_reissue",
    "receipt_send",
    "receipt_void",
    "recurring_cancel",
    "recurring_change",
    "recurring_instalment_record",
    "recurring_mark_expired",
    "recurring_mark_past_due",
    "recurring_subscription_sync",
]
