"""ledger services: every write, keyword-only and atomic.

Postings are idempotent on (source, kind): a second call returns the first posting unchanged, also
when two processes race (the database constraint decides, the loser reads the winner's row).
Every posting's legs sum to zero per currency; the service checks the legs before writing and the
database totals before the transaction commits.
"""

from ..errors import AppendOnlyError, LedgerError, ReversalExceedsError, UnbalancedPostingError
from .balances import fund_balances_rebuild
from .payments import payment_post
from .repairs import posting_repair
from .reversals import fee_post, posting_reverse, reversal_post
from .setup import ShareInput, accounts_ensure, allocation_rule_create

__all__ = [
    "AppendOnlyError",
    "LedgerError",
    "ReversalExceedsError",
    "ShareInput",
    "UnbalancedPostingError",
    "accounts_ensure",
    "allocation_rule_create",
    "fee_post",
    "fund_balances_rebuild",
    "payment_post",
    "posting_repair",
    "posting_reverse",
    "reversal_post",
]
