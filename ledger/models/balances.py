"""Running fund balances: the fund legs summed per local day, so reports never scan the entries."""

from __future__ import annotations

from django.db import models

from .accounts import Fund


class FundDayBalance(models.Model):
    """The sum of every fund leg (an entry with a fund) per local day, fund, role, channel and
    currency, added to in the transaction that writes the posting (`services._write`), so it is
    exactly as committed as the entries it sums. Derived data: `ledger_balances_check` recomputes it
    from the entries and proves they agree; `--rebuild` writes it again from them.

    Amounts are whole thousandths (the entries' scale) in a 64-bit integer: exact on SQLite too,
    where a decimal column adds in floating point."""

    occurred_on = models.DateField()
    # The first day of occurred_on's month: monthly and yearly reports group by it in the database.
    month = models.DateField()
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10)
    channel = models.CharField(max_length=20, blank=True)
    currency = models.CharField(max_length=3)
    total_thousandths = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occurred_on", "fund", "role", "channel", "currency"], name="ledger_balance_key"
            )
        ]
        indexes = [models.Index(fields=["month", "fund"], name="ledger_balance_month")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.fund_id} {self.role} {self.channel} {self.currency}"
