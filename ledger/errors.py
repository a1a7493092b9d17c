"""Errors the ledger raises; callers may catch `LedgerError` for all of them."""


class LedgerError(Exception):
    """A posting was refused; the message says why in words staff can act on."""


class AppendOnlyError(LedgerError):
    """An attempt to change or remove a ledger row: corrections are reversing postings."""


class UnbalancedPostingError(LedgerError):
    """A posting's legs do not sum to zero in some currency."""


class ReversalExceedsError(LedgerError):
    """A refund or dispute would take back more than the source paid in."""
