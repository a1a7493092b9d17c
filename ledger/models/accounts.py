"""Accounts of the books: funds and the system accounts that keep them balanced."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator

SLUG_VALIDATOR = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lowercase letters, digits and hyphens.")


class AccountKind(models.TextChoices):
    FUND = "fund", "Fund"
    SYSTEM = "system", "System account"


class Fund(models.Model):
    """An account of the books. Funds receive revenue; system accounts keep the books balanced."""

    slug = models.SlugField(max_length=64, unique=True, validators=[SLUG_VALIDATOR])
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=AccountKind.choices, default=AccountKind.FUND)
    description = models.TextField(blank=True)
    restricted = models.BooleanField(
        default=False, help_text="Donor-restricted: money may only be spent on this fund's purpose."
    )
    public = models.BooleanField(
        default=True, help_text="Show this fund's totals and impact on the public impact page and API."
    )
    impact_unit_label = models.CharField(
        max_length=80,
        blank=True,
        help_text='Singular, e.g. "hour of survivor wages" or "counseling session".',
    )
    impact_unit_cost = MoneyField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        default_currency="USD",
        validators=[MinMoneyValidator(Decimal("0.01"))],
        help_text="What one impact unit costs, e.g. 18.00 for an hour of wages.",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        permissions = [("view_fund_report", "Can view the fund report")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fund(self) -> bool:
        return self.kind == AccountKind.FUND

    @property
    def has_impact_unit(self) -> bool:
        return bool(self.impact_unit_label) and self.impact_unit_cost is not None

    def clean(self):
        if bool(self.impact_unit_label) != (self.impact_unit_cost is not None):
            raise ValidationError("Give both an impact unit label and its cost, or neither.")
        if self.kind == AccountKind.SYSTEM and self.impact_unit_label:
            raise ValidationError("System accounts cannot have an impact unit.")
