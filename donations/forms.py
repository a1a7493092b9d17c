"""Forms for giving, event purchases, the donor portal and staff-entered offline gifts. They validate;
services act."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from core.antibot import HumanCheckMixin
from donations.amounts import CENT, allowed_currencies, parse_amount
from donations.models import Frequency, OfflineMethod, TributeType
from donations.selectors import designation_choices, live_circles
from donations.services import GiftRequest


class AmountField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)


class DonationForm(HumanCheckMixin):
    min_seconds_setting = "DONATIONS_MIN_FILL_SECONDS"
    preset = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Choose an amount")
    amount = AmountField(
        required=False, label="Other amount (USD)", help_text="Dollars and cents, for example 50 or 82.50."
    )
    currency = forms.CharField(widget=forms.HiddenInput, initial="USD", required=False)
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect, label="How often")
    designation = forms.ChoiceField(label="Where should your gift go?")
    cover_fee = forms.BooleanField(required=False, label="Add the processing fee so my whole gift arrives")
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    email = forms.EmailField(max_length=254, label="Email", help_text="Your receipt goes here.")
    company_name = forms.CharField(max_length=200, required=False, label="Giving on behalf of a company")
    circle = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Give as a member of")
    tribute_type = forms.ChoiceField(choices=TributeType.choices, required=False, label="Dedicate this gift")
    honoree_name = forms.CharField(max_length=150, required=False, label="Honoree's name")
    tribute_notify_email = forms.EmailField(
        required=False,
        label="Send an e-card to (optional)",
        help_text="We'll let them know, without the amount.",
    )
    tribute_message = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="E-card message"
    )
    anonymous = forms.BooleanField(required=False, label="Keep my gift anonymous")
    wall_consent = forms.BooleanField(required=False, label="You may list my name among supporters")
    comment = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        amounts = page.amount_choices if page is not None else []
        self.fields["preset"].choices = [
            (f"{a}", f"${a:,.0f}" if a == a.to_integral() else f"${a:,}") for a in amounts
        ]
        self.fields["designation"].choices = designation_choices(page=page)
        frequencies = Frequency.choices if (page is None or page.allow_recurring) else [Frequency.choices[0]]
        self.fields["frequency"].choices = frequencies
        self.fields["circle"].choices = [("", "No circle"), *((c.pk, c.title) for c in live_circles())]
        if page is not None and not page.allow_fee_cover:
            del self.fields["cover_fee"]
        if page is not None and not page.allow_tribute:
            for name in ("tribute_type", "honoree_name", "tribute_notify_email", "tribute_message"):
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("frequency", page.default_frequency if page is not None else "one_time")
            self.initial.setdefault("designation", "most-needed")

    def clean_currency(self):
        currency = (self.cleaned_data.get("currency") or "USD").strip().upper()
        if currency not in allowed_currencies():
            raise ValidationError("We can only accept gifts in US dollars.")
        return currency

    def clean(self):
        cleaned = super().clean()
        raw = (self.data.get("amount") or "").strip() or cleaned.get("preset") or ""
        try:
            cleaned["gift_amount"] = parse_amount(raw, currency=cleaned.get("currency") or "USD")
        except ValidationError as error:
            self.add_error("amount", error)
        if cleaned.get("tribute_type") and not cleaned.get("honoree_name"):
            self.add_error("honoree_name", "Tell us whom this gift honours.")
        if cleaned.get("tribute_notify_email") and not cleaned.get("tribute_type"):
            self.add_error("tribute_type", "Choose “in honour of” or “in memory of” to send an e-card.")
        return cleaned

    def gift_request(self) -> GiftRequest:
        data = self.cleaned_data
        labels = dict(self.fields["designation"].choices)
        page = self.page
        return GiftRequest(
            email=data["email"],
            amount=data["gift_amount"],
            frequency=data["frequency"],
            cover_fee=bool(data.get("cover_fee")),
            first_name=data["first_name"],
            last_name=data["last_name"],
            company_name=data.get("company_name", ""),
            designation_key=data["designation"],
            designation_label=labels[data["designation"]],
            campaign_id=page.campaign_id if page is not None else None,
            circle_id=data.get("circle"),
            page_id=page.pk if page is not None else None,
            tribute_type=data.get("tribute_type", ""),
            honoree_name=data.get("honoree_name", "") if data.get("tribute_type") else "",
            tribute_notify_email=data.get("tribute_notify_email", "") if data.get("tribute_type") else "",
            tribute_message=data.get("tribute_message", "") if data.get("tribute_type") else "",
            anonymous=bool(data.get("anonymous")),
            wall_consent=bool(data.get("wall_consent")),
            comment=data.get("comment", ""),
        )


class EventPurchaseForm(HumanCheckMixin):
    min_seconds_setting = "DONATIONS_MIN_FILL_SECONDS"
    offer = forms.ChoiceField(label="Ticket or sponsorship")
    quantity = forms.IntegerField(min_value=1, max_value=20, initial=1)
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(max_length=254)
    company_name = forms.CharField(max_length=200, required=False, label="Company (for sponsorships)")

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.offers = {}
        for prefix, offers in (("ticket", page.ticket_types.all()), ("tier", page.sponsorship_tiers.all())):
            for offer in offers:
                self.offers[f"{prefix}-{offer.pk}"] = offer
        self.fields["offer"].choices = [(key, str(offer)) for key, offer in self.offers.items()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("offer"):
            cleaned["offer_object"] = self.offers[cleaned["offer"]]
        return cleaned


class PortalLinkForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Your email")


class RecurringChangeForm(forms.Form):
    amount = AmountField(label="Amount per gift (USD)")
    frequency = forms.ChoiceField(
        choices=[c for c in Frequency.choices if c[0] != Frequency.ONE_TIME], label="How often"
    )
    cover_fee = forms.BooleanField(required=False, label="Cover the processing fee")

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"])


class OfflineGiftForm(forms.Form):
    email = forms.EmailField(max_length=254)
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    company_name = forms.CharField(max_length=200, required=False)
    amount = AmountField(label="Amount (USD)")
    received_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(choices=OfflineMethod.choices)
    description = forms.CharField(
        max_length=255, required=False, help_text="Cheque number; for stock, the shares and their valuation."
    )
    designation = forms.ChoiceField()
    benefit_description = forms.CharField(max_length=255, required=False, label="Goods or services provided")
    benefit_fmv = AmountField(required=False, label="Their fair market value (USD)")
    send_receipt = forms.BooleanField(required=False, initial=True, label="Email the receipt to the donor")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designation"].choices = designation_choices()

    def clean_amount(self):
        # Staff may record small cash gifts below the online minimum, and large gifts of stock.
        return parse_amount(self.cleaned_data["amount"], minimum=CENT, maximum=Decimal("100000000"))

    def clean_benefit_fmv(self):
        raw = (self.cleaned_data.get("benefit_fmv") or "").strip()
        if not raw:
            return None
        return parse_amount(raw, minimum=Decimal(0), maximum=Decimal("100000000"))

    def clean(self):
        cleaned = super().clean()
        fmv, amount = cleaned.get("benefit_fmv"), cleaned.get("amount")
        if fmv is not None and amount is not None and fmv > amount:
            self.add_error("benefit_fmv", "The benefits cannot be worth more than the gift.")
        if fmv is not None and fmv.amount > 0 and not cleaned.get("benefit_description"):
            self.add_error("benefit_description", "Describe the goods or services the donor received.")
        return cleaned
