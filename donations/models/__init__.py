"""Donations models: fields, constraints and small properties. Writes happen in `donations.services`."""

from .campaigns import Campaign, Designation
from .donors import Donor, PortalToken
from .gifts import (
    Donation,
    DonationDispute,
    DonationRefund,
    Frequency,
    GiftKind,
    GiftStatus,
    OfflineMethod,
    RecurringGift,
    RecurringStatus,
    RefundState,
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

__all__ = [
    "AnnualStatementDelivery",
    "Campaign",
    "CirclePage",
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
    "OfflineMethod",
    "PortalToken",
    "Receipt",
    "ReceiptSequence",
    "ReceiptStatus",
    "RecurringGift",
    "RecurringStatus",
    "RefundState",
    "SponsorshipTier",
    "TaxYearThreshold",
    "TicketType",
    "TributeType",
]
