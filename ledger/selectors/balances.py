"""Reading the running fund balances back, and proving they agree with the entries they sum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from ..balances import FROM_ENTRIES_SQL, Key, from_thousandths
from ..models import FundDayBalance


def _as_date(value) -> dt.date:
    # SQLite hands a raw query's date back as text.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def balances_from_entries() -> dict[Key, tuple[int, int]]:
    """The balances recomputed from every entry (one grouped scan): (thousandths, legs) per key."""
    with connection.cursor() as cursor:
        cursor.execute(FROM_ENTRIES_SQL)
        return {
            (_as_date(day), fund_id, role, channel, currency): (int(total), int(count))
            for day, fund_id, role, channel, currency, total, count in cursor.fetchall()
        }


def balances_stored() -> dict[Key, tuple[int, int]]:
    """The balance rows as held, zero rows left out."""
    return {
        (day, fund_id, role, channel, currency): (total, count)
        for day, fund_id, role, channel, currency, total, count in FundDayBalance.objects.values_list(
            "occurred_on", "fund_id", "role", "channel", "currency", "total_thousandths", "entries"
        )
        if total or count
    }


@dataclass(frozen=True, kw_only=True)
class BalanceDifference:
    key: Key
    entries_say: tuple[int, int]
    balance_says: tuple[int, int]

    def __str__(self) -> str:
        day, fund_id, role, channel, currency = self.key
        return (
            f"{day} fund #{fund_id} {role} {channel or '-'} {currency}: the entries sum to "
            f"{from_thousandths(self.entries_say[0])} in {self.entries_say[1]} legs, the running balance "
            f"holds {from_thousandths(self.balance_says[0])} in {self.balance_says[1]} legs"
        )


def balance_differences() -> tuple[int, list[BalanceDifference]]:
    """(rows checked, every key where the running balance and the entries disagree); a key missing
    on one side counts as zero there."""
    expected, held = balances_from_entries(), balances_stored()
    keys = sorted(expected.keys() | held.keys(), key=lambda key: (key[0], *key[1:]))
    zero = (0, 0)
    return len(keys), [
        BalanceDifference(key=key, entries_say=expected.get(key, zero), balance_says=held.get(key, zero))
        for key in keys
        if expected.get(key, zero) != held.get(key, zero)
    ]
