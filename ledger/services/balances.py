"""Writing the running fund balances: added to by every posting, rebuilt from the entries on demand.

The writer adds a posting's legs with one upsert (`INSERT ... ON CONFLICT DO UPDATE SET total =
total + excluded.total`, the same SQL on SQLite and PostgreSQL): the database adds under its row
lock, so concurrent postings never lose an update, and rows are touched in key order, so two
postings never wait on each other in opposite orders.
"""

from __future__ import annotations

from django.db import connection, transaction

from ..balances import Key
from ..models import FundDayBalance
from ..selectors.balances import balances_from_entries

# Table and columns are fixed: only values are parameters.
UPSERT_SQL = """
INSERT INTO ledger_funddaybalance
    (occurred_on, month, fund_id, role, channel, currency, total_thousandths, entries)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (occurred_on, fund_id, role, channel, currency) DO UPDATE SET
    total_thousandths = ledger_funddaybalance.total_thousandths + excluded.total_thousandths,
    entries = ledger_funddaybalance.entries + excluded.entries
"""


def balances_add(deltas: dict[Key, tuple[int, int]]) -> None:
    """Add a posting's legs to the balance rows inside the caller's transaction (the posting's)."""
    if not deltas:
        return
    _upsert(sorted(deltas.items()))


def _upsert(items) -> None:
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (adapt(day), adapt(day.replace(day=1)), fund_id, role, channel, currency, total, count)
        for (day, fund_id, role, channel, currency), (total, count) in items
    ]
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT_SQL, rows)


@transaction.atomic
def fund_balances_rebuild() -> int:
    """Write every balance row again from the entries (after a bulk import, or to repair what
    `ledger_balances_check` found); returns the rows written. Locks the table so no posting adds
    to a row while it is rebuilt."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE ledger_funddaybalance IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM ledger_funddaybalance")
    _upsert(sorted(balances_from_entries().items()))
    return FundDayBalance.objects.count()
