"""ledger selectors: every non-trivial read.

Figures shown to people are positive "received" amounts: the books credit funds (negative
amounts, see models/books.py), so reads flip the sign. Fund totals and reports read the running
balances (models.FundDayBalance); claims about one source or tag read its entries.
"""

from .balances import BalanceDifference, balance_differences, balances_from_entries, balances_stored
from .impact import impact_claim, impact_figures, impact_preview, tag_total
from .postings import (
    book_legs,
    entries_remaining,
    fund_has_entries,
    posting_legs,
    postings_for_source,
    remaining_book_legs,
    remaining_legs,
)
from .reports import PERIODS, fund_totals
from .rules import (
    OPERATIONS,
    allocation_for_line,
    line_rules,
    rule_for,
    rule_is_in_use,
    rule_spec,
    rule_usage_count,
)

__all__ = [
    "OPERATIONS",
    "PERIODS",
    "BalanceDifference",
    "allocation_for_line",
    "balance_differences",
    "balances_from_entries",
    "balances_stored",
    "book_legs",
    "entries_remaining",
    "fund_has_entries",
    "fund_totals",
    "impact_claim",
    "impact_figures",
    "impact_preview",
    "line_rules",
    "posting_legs",
    "postings_for_source",
    "remaining_book_legs",
    "remaining_legs",
    "rule_for",
    "rule_is_in_use",
    "rule_spec",
    "rule_usage_count",
    "tag_total",
]
