"""The webhook inbox and the map from Stripe ids back to domain objects."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StripeEvent(models.Model):
    """One verified Stripe event, stored before it is handled. Its unique id makes delivery idempotent."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (nobody handles it)")
        FAILED = "failed", _("Failed (will be retried)")

    class Source(models.TextChoices):
        WEBHOOK = "webhook", _("Webhook")
        RECONCILE = "reconcile", _("Reconciliation")
        DEMO = "demo", _("Demo gateway")

    event_id = models.CharField(_("Stripe event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    api_version = models.CharField(_("API version"), max_length=50, blank=True)
    stripe_created_at = models.DateTimeField(_("created at Stripe"))
    payload = models.JSONField(_("payload"))
    source = models.CharField(_("arrived by"), max_length=20, choices=Source.choices, default=Source.WEBHOOK)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=50, blank=True, db_index=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        permissions = [("replay_stripeevent", "Can replay Stripe events")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.PROCESSED, self.Status.IGNORED)


class CheckoutLink(models.Model):
    """A Checkout Session we started, with the Stripe ids learned later, mapped to kind + reference."""

    class Mode(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        SUBSCRIPTION = "subscription", _("Subscription")

    session_id = models.CharField(_("Checkout Session id"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=50)
    reference = models.CharField(_("reference"), max_length=100)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, blank=True)
    payment_intent_id = models.CharField(_("PaymentIntent id"), max_length=255, blank=True, db_index=True)
    subscription_id = models.CharField(_("Subscription id"), max_length=255, blank=True, db_index=True)
    customer_id = models.CharField(_("Customer id"), max_length=255, blank=True, db_index=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by_event = models.CharField(_("settled by event"), max_length=255, blank=True)
    demo = models.BooleanField(_("demo gateway"), default=False)
    # Demo gateway only: what the local pay page shows and the state a real session would hold.
    demo_state = models.JSONField(_("demo state"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("checkout link")
        verbose_name_plural = _("checkout links")
        indexes = [models.Index(fields=["kind", "reference"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} ({self.session_id})"
