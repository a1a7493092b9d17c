"""The fund ledger: accounts, allocation rules, append-only double-entry postings and the running
fund balances derived from them (see books.py for the sign convention)."""

from .accounts import SLUG_VALIDATOR, AccountKind, Fund
from .balances import FundDayBalance
from .books import (
    ENTRY_QUANTUM,
    FUND_CREDIT_ROLES,
    REVERSIBLE_ROLES,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    Entry,
    EntryRole,
    Posting,
    PostingTag,
    books_date,
    stored_total,
)
from .rules import AllocationRule, AllocationShare, ShareBasis

__all__ = [
    "ENTRY_QUANTUM",
    "FUND_CREDIT_ROLES",
    "REVERSIBLE_ROLES",
    "SLUG_VALIDATOR",
    "AccountKind",
    "AllocationRule",
    "AllocationShare",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "Entry",
    "EntryRole",
    "Fund",
    "FundDayBalance",
    "Posting",
    "PostingTag",
    "ShareBasis",
    "books_date",
    "stored_total",
]
