import secrets

from django.db import models
from django.db.models import Q
from djmoney.models.fields import MoneyField

from .campaigns import MOST_NEEDED, Campaign
from .donors import Donor


def _new_reference(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6).upper()}"


def new_donation_reference() -> str:
    return _new_reference("D")


def new_recurring_reference() -> str:
    return _new_reference("R")


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", "One time"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class GiftKind(models.TextChoices):
    ONLINE = "online", "Online gift"
    RECURRING = "recurring", "Recurring instalment"
    OFFLINE = "offline", "Offline gift"
    ORDER_GIFT = "order_gift", "Gift added to a shop order"
    TICKET = "ticket", "Event ticket"
    SPONSORSHIP = "sponsorship", "Sponsorship"


class GiftStatus(models.TextChoices):
    PENDING = "pending", "Awaiting payment"
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Abandoned"
    PARTIALLY_REFUNDED = "partially_refunded", "Partly refunded"
    REFUNDED = "refunded", "Refunded"
    DISPUTED = "disputed", "Disputed"


class OfflineMethod(models.TextChoices):
    CHEQUE = "cheque", "Cheque"
    CASH = "cash", "Cash"
    STOCK = "stock", "Stock"
    OTHER = "other", "Other"


class TributeType(models.TextChoices):
    NONE = "", "No tribute"
    HONOUR = "honour", "In honour of"
    MEMORY = "memory", "In memory of"


class GiftDetails(models.Model):
    """What the donor chose: shared by one gift and by a recurring gift's every instalment."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The name typed on this gift. Anyone can give with any email, so what a gift shows (thank-you page,
    # donor wall, circle members, e-card) comes from here, never from the stored donor profile.
    first_name = models.CharField("first name given", max_length=100, blank=True)
    last_name = models.CharField("last name given", max_length=100, blank=True)
    designation_key = models.CharField(max_length=60, default=MOST_NEEDED, help_text="Ledger fund slug.")
    designation_label = models.CharField(max_length=120, default="Where most needed")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    circle = models.ForeignKey(
        "donations.CirclePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    page = models.ForeignKey(
        "donations.DonationPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tribute_type = models.CharField(max_length=10, choices=TributeType.choices, blank=True)
    honoree_name = models.CharField(max_length=150, blank=True)
    tribute_notify_email = models.EmailField(blank=True)
    tribute_message = models.CharField(max_length=500, blank=True)
    company_name = models.CharField("on behalf of company", max_length=200, blank=True)
    anonymous = models.BooleanField(default=False, help_text="Do not show the donor's name publicly.")
    wall_consent = models.BooleanField(default=False, help_text="Donor agreed to be listed by name.")
    comment = models.TextField(max_length=1000, blank=True)

    class Meta:
        abstract = True

    @property
    def giver_name(self) -> str:
        """The name typed on this gift."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def public_name(self) -> str:
        """The name this gift consented to show publicly: only what was typed on it."""
        if self.anonymous or not self.wall_consent:
            return "Anonymous"
        return self.company_name or self.giver_name or "Anonymous"


class RecurringStatus(models.TextChoices):
    PENDING = "pending", "Awaiting first payment"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    ENDED = "ended", "Ended"
    ABANDONED = "abandoned", "Never started"


class RecurringGift(GiftDetails):
    """A monthly, quarterly or yearly gift: a Stripe subscription whose every paid invoice is a Donation."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="recurring_gifts")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="recurring_gifts"
    )
    reference = models.CharField(max_length=20, unique=True, default=new_recurring_reference, editable=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    amount = MoneyField(max_digits=12, decimal_places=2, default_currency="USD", help_text="Gift per period.")
    fee_covered = MoneyField(
        max_digits=12, decimal_places=2, default_currency="USD", default=0, help_text="Added to cover fees."
    )
    status = models.CharField(max_length=10, choices=RecurringStatus.choices, default=RecurringStatus.PENDING)
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    past_due_since = models.DateTimeField(null=True, blank=True)
    last_failure_reason = models.CharField(max_length=255, blank=True)
    card_update_url = models.URLField(max_length=1000, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~Q(stripe_subscription_id=""),
                name="donations_recurring_subscription_unique",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.amount} {self.get_frequency_display().lower()}"

    @property
    def charge_amount(self):
        return self.amount + self.fee_covered

    @property
    def is_live(self) -> bool:
        return self.status in (RecurringStatus.ACTIVE, RecurringStatus.PAST_DUE)


class Donation(GiftDetails):
    """One gift of money: a paid checkout, one paid invoice of a recurring gift, an offline gift, a gift
    line of a shop order, or an event ticket or sponsorship (partly deductible)."""

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="donations"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="donations"
    )
    reference = models.CharField(max_length=20, unique=True, default=new_donation_reference, editable=False)
    kind = models.CharField(max_length=12, choices=GiftKind.choices, default=GiftKind.ONLINE)
    status = models.CharField(max_length=20, choices=GiftStatus.choices, default=GiftStatus.PENDING)
    amount = MoneyField(
        max_digits=12, decimal_places=2, default_currency="USD", help_text="Everything the donor paid."
    )
    fee_covered = MoneyField(max_digits=12, decimal_places=2, default_currency="USD", default=0)
    amount_refunded = MoneyField(max_digits=12, decimal_places=2, default_currency="USD", default=0)
    processing_fee = MoneyField(
        max_digits=12, decimal_places=2, default_currency="USD", null=True, blank=True
    )
    benefit_description = models.CharField(max_length=255, blank=True)
    benefit_fmv = MoneyField(
        "fair market value of benefits",
        max_digits=12,
        decimal_places=2,
        default_currency="USD",
        default=0,
        help_text="Good-faith value of goods or services the donor received in return.",
    )
    recurring_gift = models.ForeignKey(
        RecurringGift, on_delete=models.PROTECT, null=True, blank=True, related_name="instalments"
    )
    event = models.ForeignKey(
        "donations.EventPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="purchases"
    )
    ticket_type = models.ForeignKey(
        "donations.TicketType", on_delete=models.SET_NULL, null=True, blank=True, related_name="purchases"
    )
    sponsorship_tier = models.ForeignKey(
        "donations.SponsorshipTier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purchases",
    )
    quantity = models.PositiveIntegerField(default=1)
    offline_method = models.CharField(max_length=10, choices=OfflineMethod.choices, blank=True)
    offline_description = models.CharField(
        max_length=255, blank=True, help_text="Cheque number, or the stock and number of shares."
    )
    order_reference = models.CharField(max_length=64, blank=True)
    line_reference = models.CharField(max_length=64, blank=True)
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    invoice_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(null=True, blank=True, help_text="When the money arrived.")
    created_at = models.DateTimeField(auto_now_add=True)
    ecard_sent_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.CharField(max_length=150, blank=True, help_text="Staff member who entered it.")
    oversold = models.BooleanField(
        default=False,
        help_text="A ticket or sponsorship paid after its seat hold lapsed, when no seat was left: "
        "staff must refund it or honour it.",
    )

    class Meta:
        ordering = ["-received_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice_id"], condition=~Q(invoice_id=""), name="donations_donation_invoice_unique"
            ),
            models.UniqueConstraint(
                fields=["order_reference", "line_reference"],
                condition=~Q(order_reference=""),
                name="donations_donation_order_line_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="donations_donation_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self):
        return f"{self.reference}: {self.amount}"

    @property
    def ledger_source(self) -> str:
        if self.kind == GiftKind.ORDER_GIFT:
            return f"order-gift:{self.order_reference}:{self.line_reference}"
        return f"donation:{self.pk}"

    @property
    def gift_amount(self):
        """What the donor meant to give, before the fee they chose to cover."""
        return self.amount - self.fee_covered

    @property
    def net_amount(self):
        return self.amount - self.amount_refunded

    @property
    def deductible_amount(self):
        deductible = self.amount - self.benefit_fmv
        return deductible if deductible.amount > 0 else deductible * 0

    @property
    def is_settled(self) -> bool:
        return self.status in (GiftStatus.PAID, GiftStatus.PARTIALLY_REFUNDED, GiftStatus.DISPUTED)
