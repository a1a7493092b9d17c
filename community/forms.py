"""Public community forms. Fields validate shape; the services decide capacity, dates taken, duplicates."""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.core import signing
from django.utils import timezone

from community.models import InquiryKind
from community.models.common import NAME_MAX_LENGTH, validate_person_name, validate_phone
from community.models.pledges import MAX_HEADCOUNT
from community.models.volunteering import MAX_PARTY_SIZE
from core.antibot import HumanCheckMixin

ATTEMPT_SALT = "community.quiz.attempt"


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        kwargs.setdefault("validators", [validate_person_name])
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "name")


class CommunityHumanCheck(HumanCheckMixin):
    min_seconds_setting = "COMMUNITY_MIN_SECONDS"


# --- training ---------------------------------------------------------------------------------


def attempt_token(*, lesson_id: int) -> str:
    """A fresh token per rendered quiz: submitting the same form twice is one attempt."""
    return signing.dumps({"l": lesson_id, "n": secrets.token_urlsafe(12)}, salt=ATTEMPT_SALT)


def attempt_nonce(token: str, *, lesson_id: int) -> str | None:
    try:
        payload = signing.loads(token or "", salt=ATTEMPT_SALT, max_age=7 * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("l") != lesson_id or not payload.get("n"):
        return None
    return str(payload["n"])


class QuizForm(forms.Form):
    attempt = forms.CharField(widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args, questions: list, lesson_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_id = lesson_id
        self.questions = questions
        if not self.is_bound:
            self.fields["attempt"].initial = attempt_token(lesson_id=lesson_id)
        for key, value in questions:
            choices = [(str(index), choice["text"]) for index, choice in enumerate(value["choices"])]
            if value["kind"] == "multiple":
                field = forms.MultipleChoiceField(
                    label=value["prompt"],
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="Choose all that apply.",
                    error_messages={"required": "Choose at least one answer."},
                )
            else:
                field = forms.ChoiceField(
                    label=value["prompt"],
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Choose an answer."},
                )
            self.fields[f"q_{key}"] = field

    def question_fields(self):
        return [self[f"q_{key}"] for key, _value in self.questions]

    def clean_attempt(self):
        nonce = attempt_nonce(self.cleaned_data["attempt"], lesson_id=self.lesson_id)
        if nonce is None:
            raise forms.ValidationError("This quiz form has expired. Please answer the questions again.")
        return nonce

    def answers(self) -> dict[str, list[int]]:
        chosen = {}
        for key, _value in self.questions:
            raw = self.cleaned_data.get(f"q_{key}") or []
            values = raw if isinstance(raw, list) else [raw]
            chosen[key] = sorted({int(item) for item in values})
        return chosen


class CertificateForm(forms.Form):
    name = NameField(label="Your name as it should appear on the certificate")
    email = forms.EmailField(
        required=False, max_length=254, help_text="Optional: we email the certificate (PDF) to you."
    )

    def __init__(self, *args, email_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if email_required:
            self.fields["email"].required = True
            self.fields[
                "email"
            ].help_text = "Your work email: it counts your training toward your employer's pledge."


class ResumeLinkForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email me a link to continue later")


# --- pledges ----------------------------------------------------------------------------------


class IndividualPledgeForm(CommunityHumanCheck, forms.Form):
    name = NameField(label="Your name")
    email = forms.EmailField(max_length=254)
    city = forms.CharField(
        max_length=80, required=False, label="City (optional)", validators=[validate_person_name]
    )
    listed = forms.BooleanField(required=False, label="Show my name and city on the public pledge wall")
    pledge = forms.BooleanField(label="I pledge to learn how to spot and report human trafficking")


class BusinessPledgeForm(CommunityHumanCheck, forms.Form):
    business_name = NameField(label="Business name", max_length=NAME_MAX_LENGTH)
    contact_name = NameField(label="Your name (the contact)")
    email = forms.EmailField(
        max_length=254, label="Contact email", help_text="We send the private pledge link here."
    )
    headcount = forms.IntegerField(
        min_value=1,
        max_value=MAX_HEADCOUNT,
        label="Number of employees",
        help_text="Everyone counted here is part of your “% trained”.",
    )
    city = forms.CharField(
        max_length=80, required=False, label="City (optional)", validators=[validate_person_name]
    )
    listed = forms.BooleanField(required=False, label="Show our business on the public pledge wall")
    pledge = forms.BooleanField(label="We pledge to train our team to spot and report human trafficking")


class InviteForm(forms.Form):
    csv_file = forms.FileField(
        required=False,
        label="Upload a CSV of email addresses",
        help_text="One address per row; other columns are ignored. Up to 512 KB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )
    addresses = forms.CharField(
        required=False,
        max_length=20_000,
        label="Or paste addresses",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Separated by commas, spaces or new lines.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("csv_file") and not (cleaned.get("addresses") or "").strip():
            raise forms.ValidationError("Upload a CSV file or paste at least one email address.")
        return cleaned


# --- volunteering -----------------------------------------------------------------------------


class SignupForm(CommunityHumanCheck, forms.Form):
    shift = forms.IntegerField(widget=forms.HiddenInput)
    waiver_version = forms.IntegerField(widget=forms.HiddenInput)
    name = NameField(label="Your name")
    email = forms.EmailField(max_length=254)
    phone = forms.CharField(
        max_length=30, validators=[validate_phone], help_text="So we can reach you on the day."
    )
    party_size = forms.IntegerField(
        min_value=1,
        max_value=MAX_PARTY_SIZE,
        initial=1,
        label="How many people (including you)",
    )
    age_confirmed = forms.BooleanField(label="Everyone in my group meets the minimum age for this shift")
    waiver_accepted = forms.BooleanField(
        label="I have read and accept the volunteer waiver for everyone in my group"
    )
    join_waitlist = forms.BooleanField(
        required=False, label="Put us on the waitlist if there is not enough room"
    )

    def __init__(self, *args, minimum_age: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if minimum_age:
            self.fields["age_confirmed"].label = f"Everyone in my group is at least {minimum_age} years old"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")


# --- inquiries --------------------------------------------------------------------------------


class InquiryForm(CommunityHumanCheck, forms.Form):
    kind = forms.ChoiceField(
        choices=InquiryKind.choices, widget=forms.RadioSelect, label="What would you like?"
    )
    name = NameField(label="Your name")
    email = forms.EmailField(max_length=254)
    phone = forms.CharField(
        max_length=30, required=False, validators=[validate_phone], label="Phone (optional)"
    )
    organisation = forms.CharField(max_length=150, required=False, label="Organisation (optional)")
    event_date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Starts at", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(
        required=False, label="Ends at", widget=forms.TimeInput(attrs={"type": "time"})
    )
    expected_guests = forms.IntegerField(min_value=1, label="Expected guests")
    event_type = forms.CharField(
        max_length=120, label="Kind of event", help_text="A team day, a church fair, a conference…"
    )
    venue = forms.CharField(
        max_length=200, required=False, label="Where is it?", help_text="For pop-up shops and talks."
    )
    needs = forms.CharField(
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What do you need from us?",
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        today = timezone.localdate()
        self.earliest = today + dt.timedelta(days=page.min_notice_days)
        self.latest = today + dt.timedelta(days=page.max_months_ahead * 31)
        self.fields["event_date"].widget.attrs.update(
            min=self.earliest.isoformat(), max=self.latest.isoformat()
        )
        self.fields["event_date"].help_text = (
            f"Between {self.earliest:%B} {self.earliest.day}, {self.earliest.year} "
            f"and {self.latest:%B} {self.latest.day}, {self.latest.year}."
        )
        largest = max(page.warehouse_capacity, page.max_guests_elsewhere)
        self.fields["expected_guests"].max_value = largest
        self.fields["expected_guests"].widget.attrs.update(min=1, max=largest)
        self.fields[
            "expected_guests"
        ].help_text = f"Our warehouse holds up to {page.warehouse_capacity} guests."

    def clean_event_date(self):
        value = self.cleaned_data["event_date"]
        if value < self.earliest:
            raise forms.ValidationError(
                f"Choose a date from {self.earliest:%B} {self.earliest.day}, {self.earliest.year} on: "
                f"we need {self.page.min_notice_days} days to prepare."
            )
        if value > self.latest:
            raise forms.ValidationError(
                f"We book up to {self.page.max_months_ahead} months ahead; choose a date before "
                f"{self.latest:%B} {self.latest.day}, {self.latest.year}."
            )
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        guests = cleaned.get("expected_guests")
        if kind == InquiryKind.WAREHOUSE and guests and guests > self.page.warehouse_capacity:
            self.add_error(
                "expected_guests", f"Our warehouse holds up to {self.page.warehouse_capacity} guests."
            )
        elif (
            kind in (InquiryKind.POPUP, InquiryKind.SPEAKER)
            and guests
            and guests > self.page.max_guests_elsewhere
        ):
            self.add_error(
                "expected_guests", f"We can come to events of up to {self.page.max_guests_elsewhere} guests."
            )
        if kind in (InquiryKind.POPUP, InquiryKind.SPEAKER) and not (cleaned.get("venue") or "").strip():
            self.add_error("venue", "Tell us where the event is.")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        return cleaned
