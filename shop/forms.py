"""Public forms. They accept ids and quantities only: every price comes from the database."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing

MAX_FORM_QUANTITY = 999
CHECKOUT_SALT = "shop.checkout.started"


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


def checkout_started_token() -> str:
    return signing.TimestampSigner(salt=CHECKOUT_SALT).sign("checkout")


class CheckoutForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email for your receipt")
    # Honeypot: hidden from people, filled by bots.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Your request could not be accepted.")
        return ""

    def clean_started(self):
        value = self.cleaned_data.get("started", "")
        min_seconds = int(getattr(settings, "SHOP_CHECKOUT_MIN_SECONDS", 2))
        signer = signing.TimestampSigner(salt=CHECKOUT_SALT)
        try:
            signer.unsign(value, max_age=6 * 3600)
        except signing.SignatureExpired:
            raise forms.ValidationError("This page was open too long: please check out again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("Your request could not be accepted.") from None
        timestamp = signing.b62_decode(value.rsplit(signer.sep, 2)[-2])
        if min_seconds and signing.time.time() - timestamp < min_seconds:
            raise forms.ValidationError("That was faster than a person can check out: please try again.")
        return value
