"""What Stripe reported after a gift was paid: its refunds and disputes, one row per Stripe id."""

from django.db import models
from djmoney.models.fields import MoneyField

from .gifts import Donation


class RefundState(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"


class DonationRefund(models.Model):
    """One Stripe refund of a gift, keyed by its refund id so repeated events change nothing."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="refunds")
    refund_id = models.CharField(max_length=255, unique=True)
    amount = MoneyField(max_digits=12, decimal_places=2, default_currency="USD")
    status = models.CharField(max_length=10, choices=RefundState.choices)
    booked = models.BooleanField(default=False, help_text="A reversal is posted in the ledger.")
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.refund_id} ({self.status})"


class DonationDispute(models.Model):
    """One Stripe dispute of a gift and what the ledger already holds for it."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="disputes")
    dispute_id = models.CharField(max_length=255, unique=True)
    amount = MoneyField(max_digits=12, decimal_places=2, default_currency="USD")
    stripe_status = models.CharField(max_length=40, blank=True)
    funds_withdrawn = models.BooleanField(default=False)
    funds_reinstated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.dispute_id} ({self.stripe_status})"
