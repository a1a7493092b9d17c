"""Staff forms for order actions in the Wagtail admin."""

import uuid
from decimal import Decimal

from django import forms


class ShipForm(forms.Form):
    carrier = forms.CharField(max_length=60)
    tracking_number = forms.CharField(max_length=100, required=False)
    tracking_url = forms.URLField(required=False, assume_scheme="https")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=255, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, label="Note")


class RefundForm(forms.Form):
    """Either quantities per line (fields `qty_<line id>`) or an amount; a reason is required."""

    amount = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        label="Or refund an amount",
    )
    shipping = forms.BooleanField(required=False, label="Refund the shipping charge")
    reason = forms.CharField(max_length=255)
    restock = forms.BooleanField(required=False, initial=True, label="Return refunded items to stock")
    # One id per rendered form: a double click or a resent tab is the same request, refunded once.
    request_id = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        widget=forms.HiddenInput,
        error_messages={"invalid": "This refund form is out of date. Reload the order and try again."},
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["request_id"].initial = uuid.uuid4().hex
        for line in order.lines.all():
            left = line.quantity - line.refunded_quantity
            self.fields[f"qty_{line.pk}"] = forms.IntegerField(
                required=False,
                min_value=0,
                max_value=left,
                initial=0,
                label=f"{line.title} {line.variant_label}".strip(),
            )

    def line_fields(self):
        return [self[name] for name in self.fields if name.startswith("qty_")]

    def clean(self):
        cleaned = super().clean()
        quantities = {
            int(name[4:]): value for name, value in cleaned.items() if name.startswith("qty_") and value
        }
        if (quantities or cleaned.get("shipping")) and cleaned.get("amount"):
            raise forms.ValidationError("Refund either items (and shipping) or an amount, not both.")
        if not quantities and not cleaned.get("amount") and not cleaned.get("shipping"):
            raise forms.ValidationError("Choose items or shipping to refund, or enter an amount.")
        cleaned["quantities"] = quantities
        return cleaned
