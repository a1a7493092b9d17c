"""Donations models: fields, constraints and small properties. Writes happen in `donations.services`."""

from .campaigns import Campaign, Designation
from .circles import CircleInvitation, CircleLeader, CircleMembership, JoinedBy, MembershipStatus
from .donors import Donor, PortalToken
from .gifts import (
    Donation,
    Frequency,
    GiftKind,
    GiftStatus,
    OfflineMethod,
    RecurringGift,
    RecurringStatus,
    TributeType,
)
from .pages import (
    CirclePage,
    DonationPage,
    EventPage,
    SponsorshipTier,
    TicketType,
)
from .receipts import AnnualStatementDelivery, Receipt, ReceiptSequence, ReceiptStatus, TaxYearThreshold
from .refunds import DonationDispute, DonationRefund, RefundState
from .sponsors import CreditAs, RecognitionStatus, Sponsor

__all__ = [
    "AnnualStatementDelivery",
    "Campaign",
    "CircleInvitation",
    "CircleLeader",
    "CircleMembership",
    "CirclePage",
    "CreditAs",
    "Designation",
    "Donation",
    "DonationDispute",
    "DonationPage",
    "DonationRefund",
    "Donor",
    "EventPage",
    "Frequency",
    "GiftKind",
    "GiftStatus",
    "JoinedBy",
    "MembershipStatus",
    "OfflineMethod",
    "PortalToken",
    "Receipt",
    "ReceiptSequence",
    "ReceiptStatus",
    "RecognitionStatus",
    "RecurringGift",
    "RecurringStatus",
    "RefundState",
    "Sponsor",
    "SponsorshipTier",
    "TaxYearThreshold",
    "TicketType",
    "TributeType",
]
