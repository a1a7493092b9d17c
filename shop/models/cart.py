"""A cart lives in the database, referenced from the session; a logged-in customer's cart follows them."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from djmoney.models.fields import MoneyField


class Cart(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="shop_carts"
    )
    # The optional "add a gift for counseling" line: receipted and booked as a donation, not goods.
    gift_amount = MoneyField(max_digits=10, decimal_places=2, default_currency="USD", null=True, blank=True)
    gift_designation = models.SlugField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], name="shop_one_cart_per_user"),
        ]

    def __str__(self):
        return f"Cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("shop.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="shop_cart_line_unique_variant"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="shop_cart_line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.variant_id}"
