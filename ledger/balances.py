"""The running fund balances' arithmetic, shared by the posting writer, the rebuild and the check.

A balance row (models.FundDayBalance) is keyed (local day, fund, role, channel, currency) and holds
the sum of the fund legs with that key in whole thousandths. services.balances writes them,
selectors.balances reads and checks them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from .errors import LedgerError
from .models import ENTRY_QUANTUM, Entry

THOUSANDTHS = Decimal(1000)
Key = tuple[dt.date, int, str, str, str]  # occurred_on, fund_id, role, channel, currency

# The fund legs grouped like the balances, from the entries themselves. ROUND per row before the
# cast: SQLite holds a decimal as a float, and an exact integer per row keeps the sum exact.
FROM_ENTRIES_SQL = """
    SELECT occurred_on, fund_id, role, channel, amount_currency,
           SUM(CAST(ROUND(amount * 1000) AS BIGINT)), COUNT(*)
    FROM ledger_entry WHERE fund_id IS NOT NULL
    GROUP BY occurred_on, fund_id, role, channel, amount_currency
"""


def to_thousandths(amount: Decimal) -> int:
    scaled = amount * THOUSANDTHS
    if scaled != scaled.to_integral_value():
        raise LedgerError(f"{amount} is finer than the ledger's {ENTRY_QUANTUM}.")
    return int(scaled)


def from_thousandths(total: int) -> Decimal:
    return (Decimal(int(total)) / THOUSANDTHS).quantize(ENTRY_QUANTUM)


def deltas_of(entries: list[Entry]) -> dict[Key, tuple[int, int]]:
    """What a posting's entries add to each balance row: (thousandths, entries)."""
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for entry in entries:
        if entry.fund_id is None:
            continue
        key = (entry.occurred_on, entry.fund_id, entry.role, entry.channel, str(entry.amount.currency))
        totals[key][0] += to_thousandths(entry.amount.amount)
        totals[key][1] += 1
    return {key: (total, count) for key, (total, count) in totals.items()}
