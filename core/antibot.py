"""Anti-bot checks for public forms: a honeypot field and a signed start time.

People never see the honeypot; bots fill it. The start time is signed and names the form it was issued
for, so a token from one form does not pass another, and a form sent faster than a person could fill
it (the form's minimum, in seconds) is refused. Both fields are removed from `cleaned_data`.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing

TOKEN_SALT = "core.antibot.started"
TOKEN_MAX_AGE = 24 * 60 * 60
REFUSED_MESSAGE = "We could not accept this form. Please check it and send it again."
EXPIRED_MESSAGE = "This form was open for too long. Please check your details and send it again."
TOO_FAST_MESSAGE = "That was very quick. Please check your answers and send the form again."


def started_token(*, purpose: str, issued_at: float | None = None) -> str:
    """The signed start time rendered into a form of kind `purpose`."""
    moment = int(issued_at if issued_at is not None else time.time())
    return signing.dumps({"t": moment, "p": purpose}, salt=TOKEN_SALT)


def started_at(token: str, *, purpose: str) -> int | None:
    """When a token for `purpose` was issued, or None if it is forged, stale or for another form."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        issued = int(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if payload.get("p") != purpose or not 0 <= time.time() - issued <= TOKEN_MAX_AGE:
        return None
    return issued


class HumanCheckMixin(forms.Form):
    """Adds the honeypot and the start token to a form.

    `min_seconds_setting` names the setting that holds this form's minimum fill time in seconds.
    """

    min_seconds_setting = "ANTIBOT_MIN_SECONDS"
    honeypot_field_name = "website"
    started_field_name = "started"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            required=False,
            max_length=200,
            label="Leave this field empty",
            # Out of the tab order and hidden from assistive technology; only bots fill it in.
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[self.started_field_name] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=self.human_check_token,
        )

    @classmethod
    def human_check_purpose(cls) -> str:
        """Tokens are bound to the form class that issued them."""
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def human_check_token(cls, *, issued_at: float | None = None) -> str:
        return started_token(purpose=cls.human_check_purpose(), issued_at=issued_at)

    @property
    def human_check_field_names(self) -> tuple[str, str]:
        return (self.honeypot_field_name, self.started_field_name)

    def visible_fields_without_checks(self):
        return [field for field in self if field.name not in self.human_check_field_names]

    def clean(self):
        cleaned = super().clean()
        honeypot = cleaned.pop(self.honeypot_field_name, "")
        token = cleaned.pop(self.started_field_name, "")
        if honeypot:
            raise forms.ValidationError(REFUSED_MESSAGE, code="honeypot")
        started = started_at(token, purpose=self.human_check_purpose())
        if started is None:
            # Re-rendered with a fresh start time, so a person with a stale tab can send it again.
            self.data = self.data.copy()
            self.data[self.add_prefix(self.started_field_name)] = self.human_check_token()
            raise forms.ValidationError(EXPIRED_MESSAGE, code="token")
        if time.time() - started < getattr(settings, self.min_seconds_setting):
            raise forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned
