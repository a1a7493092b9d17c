"""Orders snapshot what was bought (names, SKUs, prices, currency): catalogue edits never change them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from djmoney.models.fields import MoneyField
from djmoney.money import Money

MONEY = {"max_digits": 12, "decimal_places": 2, "default_currency": "USD"}


def new_order_number() -> str:
    # Unguessable enough to not leak sales volume; short enough to read over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "HW-" + "".join(secrets.choice(alphabet) for _ in range(8))


def new_order_token() -> str:
    return secrets.token_urlsafe(24)


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Awaiting payment"
    PROCESSING = "processing", "Payment processing"
    PAID = "paid", "Paid"
    SHIPPED = "shipped", "Shipped"
    REFUNDED = "refunded", "Refunded"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Payment failed"
    EXPIRED = "expired", "Checkout expired"


# Statuses in which money has been received; the order can never go back to an unpaid status.
PAID_STATUSES = {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.REFUNDED}
OPEN_STATUSES = {OrderStatus.PENDING, OrderStatus.PROCESSING}


class StockState(models.TextChoices):
    RESERVED = "reserved", "Reserved"
    RELEASED = "released", "Returned to stock"
    COMMITTED = "committed", "Sold"


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True, default=new_order_number, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_order_token, editable=False)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    stock_state = models.CharField(max_length=20, choices=StockState.choices, default=StockState.RESERVED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="shop_orders"
    )
    email = models.EmailField(blank=True)
    customer_name = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    goods_total = MoneyField(**MONEY, default=0)
    gift_total = MoneyField(**MONEY, default=0)
    shipping_total = MoneyField(**MONEY, default=0)
    tax_total = MoneyField(**MONEY, default=0)
    discount_total = MoneyField(**MONEY, default=0)
    total = MoneyField(**MONEY, default=0)
    fee = MoneyField(**MONEY, null=True, blank=True)
    refunded_total = MoneyField(**MONEY, default=0)
    shipping_address = models.JSONField(null=True, blank=True)
    shipping_option = models.CharField(max_length=120, blank=True)
    impact_summary = models.JSONField(default=list, blank=True)  # labels computed from the ledger's rules
    cart_token = models.UUIDField(null=True, blank=True, editable=False)
    cart_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # A keyed hash of the buyer's address (core.client_ip.client_key), never the address itself:
    # it caps what one visitor may hold in unpaid checkouts.
    client_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True)
    reserved_until = models.DateTimeField(null=True, blank=True, db_index=True)
    oversold = models.BooleanField(
        default=False, help_text="Paid after its reservation lapsed and stock had run out: staff must act."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("refund_order", "Can refund orders"),
            ("ship_order", "Can mark orders shipped"),
        ]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["email"])]

    def __str__(self):
        return self.number

    @property
    def ledger_source(self) -> str:
        return f"order:{self.number}"

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES

    @property
    def refundable_total(self) -> Money:
        return self.total - self.refunded_total

    @property
    def product_lines(self):
        return [line for line in self.lines.all() if line.kind == OrderLine.Kind.PRODUCT]

    @property
    def gift_lines(self):
        return [line for line in self.lines.all() if line.kind == OrderLine.Kind.GIFT]


class OrderLine(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", "Product"
        GIFT = "gift", "Gift (donation)"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PRODUCT)
    variant = models.ForeignKey(
        "shop.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshots: what the customer saw and what the ledger rules key on.
    product_id = models.PositiveIntegerField(null=True, blank=True)
    category_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    variant_label = models.CharField(max_length=130, blank=True)
    sku = models.CharField("SKU", max_length=64, blank=True, db_index=True)
    unit_price = MoneyField(**MONEY)
    quantity = models.PositiveIntegerField()
    line_total = MoneyField(**MONEY)
    labour_minutes = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    # A gift box's assembly line: the box page whose own rule (target "box") splits it.
    box_id = models.PositiveIntegerField(null=True, blank=True)
    designation = models.SlugField(max_length=60, blank=True)  # gift lines: the fund slug
    refunded_quantity = models.PositiveIntegerField(default=0)
    refunded_amount = MoneyField(**MONEY, default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="shop_order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(refunded_quantity__lte=models.F("quantity")),
                name="shop_order_line_refund_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.order.number}-L{self.pk}"

    @property
    def refundable_amount(self) -> Money:
        return self.line_total - self.refunded_amount


class OrderRefund(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Canceled"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    amount = MoneyField(**MONEY)
    goods_amount = MoneyField(**MONEY, default=0)  # the part reversed in the shop's posting
    shipping_amount = MoneyField(**MONEY, default=0)  # of goods_amount: shipping given back
    gift_amount = MoneyField(**MONEY, default=0)  # the part handed back to donations
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=255, blank=True)
    restock = models.BooleanField(default=False)
    restocked = models.BooleanField(default=False)
    from_dashboard = models.BooleanField(default=False)  # made outside this admin (Stripe dashboard)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Refund {self.amount} on {self.order_id}"

    @staticmethod
    def key_for_request(*, order_number: str, request_id: str) -> str:
        """The idempotency key of one staff refund request (the admin form's hidden request id)."""
        return f"order-{order_number}-refund-{request_id}"


class OrderRefundLine(models.Model):
    refund = models.ForeignKey(OrderRefund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="refund_lines")
    quantity = models.PositiveIntegerField(default=0)
    amount = MoneyField(**MONEY)

    def __str__(self):
        return f"{self.quantity} x line {self.line_id}"


class Shipment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=60)
    tracking_number = models.CharField(max_length=100, blank=True)
    tracking_url = models.URLField(blank=True)
    shipped_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["shipped_at", "pk"]

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}".strip()


class OrderNote(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class OrderDispute(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="disputes")
    dispute_id = models.CharField(max_length=255, unique=True)
    phase = models.CharField(max_length=30)
    status = models.CharField(max_length=30)
    amount = MoneyField(**MONEY)
    fee = MoneyField(**MONEY, default=0)
    funds_withdrawn = models.BooleanField(default=False)
    funds_reinstated = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.dispute_id
