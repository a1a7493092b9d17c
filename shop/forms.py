"""Public forms. They accept ids and quantities only: every price comes from the database."""

from __future__ import annotations

from django import forms

from core.antibot import HumanCheckMixin

MAX_FORM_QUANTITY = 999


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(min_value=1, error_messages={"invalid": "Choose an option."})
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_FORM_QUANTITY,
        initial=1,
        error_messages={
            "invalid": "Enter a whole number.",
            "min_value": "Choose a quantity of at least 1.",
            "max_value": "That is more than we can sell in one order.",
        },
    )


class UpdateLineForm(forms.Form):
    line = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(
        min_value=0,
        max_value=MAX_FORM_QUANTITY,
        error_messages={
            "invalid": "Enter a whole number.",
            "min_value": "Quantity cannot be negative.",
            "max_value": "That is more than we can sell in one order.",
        },
    )


class RemoveLineForm(forms.Form):
    line = forms.IntegerField(min_value=1)


class GiftForm(forms.Form):
    add = forms.BooleanField(required=False)
    amount = forms.DecimalField(
        required=False,
        min_value=1,
        max_value=10_000,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": "Enter an amount such as 10 or 25.50."},
    )


class CheckoutForm(HumanCheckMixin):
    min_seconds_setting = "SHOP_CHECKOUT_MIN_SECONDS"

    email = forms.EmailField(max_length=254, label="Email for your receipt")
