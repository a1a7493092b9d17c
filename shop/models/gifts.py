"""Corporate gift orders: the configured boxes, their shipments (one per recipient), quotes and proofs.

A GiftOrder is the customer's configuration; once paid for by card or invoiced it owns a shop Order
whose lines are the components (so stock, fulfilment, the ledger and refunds are the shop's own).
Logos and proofs live in the private storage until approved, served to staff by a checked view.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from djmoney.models.fields import MoneyField

MONEY = {"max_digits": 12, "decimal_places": 2, "default_currency": "USD"}


def private_storage():
    return storages["private"]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_quote_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Q-" + "".join(secrets.choice(alphabet) for _ in range(8))


def logo_path(instance, filename: str) -> str:
    return f"gift-logos/{instance.token}/{secrets.token_hex(8)}"


def proof_path(instance, filename: str) -> str:
    return f"gift-proofs/{instance.gift_order.token}/{secrets.token_hex(8)}"


class GiftOrder(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being configured"
        CHECKOUT = "checkout", "Awaiting card payment"
        QUOTE = "quote", "Quote requested"
        INVOICED = "invoiced", "Invoice sent"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    class LogoStatus(models.TextChoices):
        NONE = "none", "No logo"
        PENDING = "pending", "Awaiting proof approval"
        APPROVED = "approved", "Approved"

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    box = models.ForeignKey("shop.GiftBoxPage", on_delete=models.PROTECT, related_name="gift_orders")
    size = models.ForeignKey(
        "shop.BoxSize", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    selections = models.JSONField(default=list, blank=True)  # build-your-own: [[variant_id, qty], ...]
    ribbon = models.ForeignKey(
        "shop.PaletteColour", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tissue = models.ForeignKey(
        "shop.PaletteColour", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    card = models.ForeignKey(
        "shop.PaletteColour", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initials = models.CharField(max_length=3, blank=True)
    message = models.TextField(max_length=600, blank=True)
    logo = models.FileField(storage=private_storage, upload_to=logo_path, blank=True, max_length=200)
    logo_content_type = models.CharField(max_length=40, blank=True)
    logo_status = models.CharField(max_length=10, choices=LogoStatus.choices, default=LogoStatus.NONE)
    company = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    order = models.OneToOneField(
        "shop.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="gift_order"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "gift order"
        permissions = [("view_gift_logo", "Can view uploaded logos and proofs")]

    def __str__(self):
        return f"{self.quantity} x {self.box.title} ({self.company or self.email or self.token[:6]})"

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)

    @property
    def production_allowed(self) -> bool:
        """Production waits for the customer's approval of a logo proof."""
        return not self.has_logo or self.logo_status == self.LogoStatus.APPROVED


class GiftShipment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Not packed"
        PACKED = "packed", "Packed"
        SHIPPED = "shipped", "Shipped"

    gift_order = models.ForeignKey(GiftOrder, on_delete=models.CASCADE, related_name="shipments")
    row_number = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=120)
    company = models.CharField(max_length=120, blank=True)
    line1 = models.CharField(max_length=120)
    line2 = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=80)
    region = models.CharField(max_length=80, blank=True)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2)
    email = models.EmailField(blank=True)
    message = models.TextField(max_length=600, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    tracking_number = models.CharField(max_length=100, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["gift_order", "row_number", "pk"]
        verbose_name = "gift shipment"

    def __str__(self):
        return f"{self.name}, {self.city} {self.country}"


class GiftQuote(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        INVOICED = "invoiced", "Invoice sent"
        OVERDUE = "overdue", "Invoice overdue"
        PAID = "paid", "Paid"
        VOID = "void", "Invoice voided"
        UNCOLLECTIBLE = "uncollectible", "Uncollectible"
        LAPSED = "lapsed", "Lapsed (unpaid past its terms; stock released)"
        DECLINED = "declined", "Declined"

    number = models.CharField(max_length=12, unique=True, default=new_quote_number, editable=False)
    gift_order = models.OneToOneField(GiftOrder, on_delete=models.CASCADE, related_name="quote")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    customer_note = models.TextField(max_length=2000, blank=True)
    unit_price_override = MoneyField(
        **MONEY, null=True, blank=True, help_text="Staff's agreed price per box (before surcharges)."
    )
    invoice_id = models.CharField(max_length=255, blank=True, db_index=True)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    invoice_due_at = models.DateTimeField(null=True, blank=True)
    invoice_total = MoneyField(**MONEY, null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Optional deposit: its own invoice first; the balance invoice follows once it is paid. Paying
    # the deposit fulfils nothing (it is held, not booked); the balance payment fulfils the order
    # and books both together.
    deposit_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(90))],
    )
    deposit_total = MoneyField(**MONEY, null=True, blank=True)
    deposit_invoice_id = models.CharField(max_length=255, blank=True, db_index=True)
    deposit_hosted_url = models.URLField(max_length=500, blank=True)
    deposit_paid_at = models.DateTimeField(null=True, blank=True)
    deposit_paid = MoneyField(**MONEY, null=True, blank=True)
    deposit_fee = MoneyField(**MONEY, null=True, blank=True)
    deposit_payment_intent_id = models.CharField(max_length=255, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "quote request"
        permissions = [("send_invoice", "Can send quote invoices")]

    def __str__(self):
        return self.number

    @property
    def awaits_balance(self) -> bool:
        """The deposit is paid and the balance invoice is still to be sent."""
        return self.deposit_paid_at is not None and not self.invoice_id

    @property
    def company(self) -> str:
        return self.gift_order.company

    @property
    def boxes(self) -> int:
        return self.gift_order.quantity

    @property
    def recipients(self) -> int:
        return self.gift_order.shipments.count()


class LogoProof(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "Awaiting the customer"
        APPROVED = "approved", "Approved"
        CHANGES = "changes", "Changes requested"

    gift_order = models.ForeignKey(GiftOrder, on_delete=models.CASCADE, related_name="proofs")
    version = models.PositiveIntegerField()
    image = models.FileField(storage=private_storage, upload_to=proof_path, max_length=200)
    content_type = models.CharField(max_length=40, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_comment = models.TextField(max_length=2000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["gift_order", "version"]
        constraints = [
            models.UniqueConstraint(fields=["gift_order", "version"], name="shop_logo_proof_version_unique")
        ]

    def __str__(self):
        return f"Proof v{self.version} for {self.gift_order_id}"
