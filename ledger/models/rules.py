"""Allocation rules: how income for a target is split between funds, versioned by date."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from ..types import RuleTarget
from .accounts import AccountKind, Fund


class AllocationRule(ClusterableModel):
    """How income for one target is split between funds, from `effective_from` on.

    Versions of the same (target, key) differ by `effective_from`; a posting records the version it
    used, so a version that has been used is never edited: Finance copies it with a later date.
    """

    name = models.CharField(max_length=120)
    target = models.CharField(max_length=20, choices=[(t.value, t.name.title()) for t in RuleTarget])
    key = models.CharField(
        max_length=64, help_text="Product/category/box id, a fund slug or 'most-needed', or the channel name."
    )
    effective_from = models.DateField()
    remainder_fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": AccountKind.FUND},
        help_text="Receives whatever the shares leave.",
    )
    fee_fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": AccountKind.FUND},
        help_text="Fund charged with processing fees. Empty: operations.",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "key", "effective_from"], name="ledger_rule_one_version_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_target_display()} {self.key}, from {self.effective_from})"


class ShareBasis(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage of the amount left after fixed shares"
    PER_UNIT = "per_unit", "Fixed amount per unit sold"
    PER_LABOUR_MINUTE = "per_labour_minute", "Fixed amount per labour minute (wage rate)"


class AllocationShare(models.Model):
    rule = ParentalKey(AllocationRule, on_delete=models.CASCADE, related_name="shares")
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": AccountKind.FUND}
    )
    basis = models.CharField(max_length=20, choices=ShareBasis.choices, default=ShareBasis.PERCENTAGE)
    percentage = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    amount = MoneyField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        default_currency="USD",
        validators=[MinMoneyValidator(0)],
        help_text="Per unit or per labour minute, for fixed shares.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        if self.basis == ShareBasis.PERCENTAGE:
            return f"{self.percentage} % to {self.fund}"
        return f"{self.amount} {self.get_basis_display().lower()} to {self.fund}"
