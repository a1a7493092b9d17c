"""Forms for sponsors, circle leaders and circle members. Validation of what matters (the logo's
content, the goal, email lists) lives in the services, which every caller goes through."""

from __future__ import annotations

from django import forms

from donations.models import CreditAs

_TEXT = {"class": "input"}


class SponsorDetailsForm(forms.Form):
    display_name = forms.CharField(
        label="Name to credit", max_length=120, help_text="As it should read on the event page and programme."
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text="Your logo links here.",
    )
    credit_as = forms.ChoiceField(
        label="How would you like to be credited?", choices=CreditAs.choices, widget=forms.RadioSelect
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG or JPEG, at most 5 MB and 8000 pixels a side. SVG files are not accepted.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )


class EmailOnlyForm(forms.Form):
    email = forms.EmailField(label="Your email", max_length=254)


class CirclePageForm(forms.Form):
    text = forms.CharField(
        label="About the circle",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text; leave a blank line between paragraphs.",
    )
    goal = forms.CharField(label="Goal for this year (USD)", max_length=20)
    allow_join_without_gift = forms.BooleanField(
        label="Invited supporters may join without giving", required=False
    )


class InviteForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line, or separated by commas. Up to 50 at a time.",
    )


class JoinForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Your email", max_length=254)
    listed = forms.BooleanField(label="List my name on the circle's page", required=False)
    share_contact = forms.BooleanField(
        label="Share my name and email with the circle's leaders", required=False
    )
    share_amounts = forms.BooleanField(
        label="Let the circle's leaders see how much I give through the circle", required=False
    )


class ConsentForm(forms.Form):
    listed = forms.BooleanField(label="List my name on the circle's page", required=False)
    share_contact = forms.BooleanField(label="Share my name and email with the leaders", required=False)
    share_amounts = forms.BooleanField(label="Let the leaders see my gift amounts", required=False)
