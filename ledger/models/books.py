"""The books: append-only double-entry postings, their entries and tags.

Sign convention (one for the whole ledger): an entry's amount is positive for a DEBIT and
negative for a CREDIT, and every posting's entries sum to zero per currency. A payment debits
`stripe-balance` with the gross and credits funds, `shipping-income` and `sales-tax-payable`; a
processing fee debits `processing-fees` and credits `stripe-balance`. Fund balances are therefore
negative in the raw books; reports and the public API flip the sign and show positive "received".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone
from djmoney.models.fields import MoneyField

from ..errors import AppendOnlyError
from ..types import Channel
from .accounts import Fund
from .rules import AllocationRule


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only; post a reversal instead.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only; post a reversal instead.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only; post a reversal instead.")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only; post a reversal instead.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()
    # Wagtail's reference index would write a row per posting; the ledger tracks its own references.
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only; post a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only; post a reversal instead.")


class Posting(AppendOnlyModel):
    """One business event in the books: a payment, a refund, a dispute, a fee."""

    source = models.CharField(max_length=200, help_text="The domain reference, e.g. order:HW-1042.")
    kind = models.CharField(max_length=100, help_text='"payment", "refund:re_123", "dispute:dp_1", ...')
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    currency = models.CharField(max_length=3)
    channel = models.CharField(
        max_length=20, blank=True, choices=[(c.value, c.name.title()) for c in Channel]
    )
    memo = models.CharField(max_length=255, blank=True)
    reverses = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversals"
    )
    mirror = models.BooleanField(default=False, help_text="An exact mirror of the posting it reverses.")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "kind"], name="ledger_posting_once")]
        indexes = [models.Index(fields=["occurred_at"], name="ledger_posting_when")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind}"


class EntryRole(models.TextChoices):
    GROSS = "gross", "Gross received"
    REVENUE = "revenue", "Fund revenue"
    FEE_COVER = "fee_cover", "Fee covered by the donor"
    TAX = "tax", "Sales tax"
    SHIPPING = "shipping", "Shipping"
    FEE = "fee", "Processing fee"
    FEE_PAID = "fee_paid", "Fee withheld by Stripe"


# Legs that a refund or dispute gives back; Stripe keeps its processing fee on refunds.
REVERSIBLE_ROLES = (
    EntryRole.GROSS,
    EntryRole.REVENUE,
    EntryRole.FEE_COVER,
    EntryRole.TAX,
    EntryRole.SHIPPING,
)
# Legs whose money belongs to a fund, for reports.
FUND_CREDIT_ROLES = (EntryRole.REVENUE, EntryRole.FEE_COVER)


ENTRY_QUANTUM = Decimal("0.001")


def books_date(moment) -> dt.date:
    """The organisation's date of a moment (settings.TIME_ZONE), whatever timezone a request activated."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def stored_total(total) -> Decimal:
    """A database SUM of entry amounts at the column's exact scale (SQLite sums decimals as floats)."""
    return Decimal(total or 0).quantize(ENTRY_QUANTUM)


class Entry(AppendOnlyModel):
    """One leg of a posting. `fund` is the fund whose money the leg moves (the fund itself for
    revenue, the fund charged for a fee); `occurred_at`/`occurred_on` and `channel` are copied from
    the posting so reports read one indexed table."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="fund_entries"
    )
    amount = MoneyField(max_digits=19, decimal_places=3, default_currency="USD")
    role = models.CharField(max_length=10, choices=EntryRole.choices)
    rule = models.ForeignKey(
        AllocationRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The source line the leg came from (an order line's reference, "shipping", "tax", a gift): a
    # line refund reverses exactly that line's legs. Empty on legs booked before lines were recorded.
    line = models.CharField(max_length=100, blank=True, default="")
    occurred_at = models.DateTimeField()
    # The organisation's local date (settings.TIME_ZONE) when the posting was made: reports group by
    # it directly instead of converting every row's timestamp.
    occurred_on = models.DateField()
    channel = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "entries"
        indexes = [
            # Covers the fund report (an index-only scan of a date range).
            models.Index(
                fields=["occurred_on", "fund", "role", "channel", "amount_currency", "amount"],
                name="ledger_entry_report",
            ),
            # Covers the all-time fund totals behind the public impact figures (an index-only scan).
            models.Index(
                fields=["fund", "role", "amount_currency", "amount"], name="ledger_entry_fund_totals"
            ),
        ]

    def __str__(self) -> str:
        side = "Dr" if self.amount.amount >= 0 else "Cr"
        return f"{side} {self.account.slug} {abs(self.amount.amount)} {self.amount.currency}"


class PostingTag(AppendOnlyModel):
    """An analysis dimension of a posting, e.g. "campaign:12"; reversals inherit their original's tags."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="tags")
    tag = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["posting", "tag"], name="ledger_tag_once")]
        indexes = [models.Index(fields=["tag"], name="ledger_tag_lookup")]

    def __str__(self) -> str:
        return self.tag
