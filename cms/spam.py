"""Spam protection for public forms: a honeypot, a minimum fill time and a per-address rate limit.

The rate limit uses django-ratelimit's counter in the default cache (share it between app servers
in production, e.g. Redis or Memcached). Client addresses come from REMOTE_ADDR unless
`CMS_TRUSTED_PROXY_COUNT` says how many reverse proxies append to X-Forwarded-For; the header is
never trusted otherwise, because anyone can send it.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django_ratelimit.core import is_ratelimited

HONEYPOT_FIELD = "hp_fax_number"
TOKEN_FIELD = "form_started"
TOKEN_SALT = "cms.spam.form-started"
TOKEN_MAX_AGE = 24 * 60 * 60
REFUSED_MESSAGE = "We could not accept this submission. Please check the form and send it again."
TOO_FAST_MESSAGE = "That was very quick. Please check your answers and send the form again."


def client_ip(request) -> str:
    """The client's address; X-Forwarded-For counts only behind the configured number of proxies."""
    proxies = getattr(settings, "CMS_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _ratelimit_key(group, request):
    return client_ip(request)


def form_rate_limited(request) -> bool:
    """Count one submission from this address; True once it is over `CMS_FORM_RATE`."""
    return is_ratelimited(
        request=request,
        group="cms.form-submissions",
        key=_ratelimit_key,
        rate=getattr(settings, "CMS_FORM_RATE", "5/10m"),
        method="POST",
        increment=True,
    )


def form_started_token(*, issued_at: float | None = None) -> str:
    """A signed timestamp rendered into the form, so a submission can prove when it started."""
    return signing.dumps({"t": int(issued_at if issued_at is not None else time.time())}, salt=TOKEN_SALT)


class SpamProtectionMixin(forms.Form):
    """Adds the honeypot and the signed start time; both are removed from `cleaned_data`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[TOKEN_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=form_started_token
        )

    @property
    def spam_field_names(self) -> tuple[str, str]:
        return (HONEYPOT_FIELD, TOKEN_FIELD)

    def visible_builder_fields(self):
        return [field for field in self if field.name not in self.spam_field_names]

    def clean(self):
        cleaned = super().clean()
        honeypot = cleaned.pop(HONEYPOT_FIELD, "")
        token = cleaned.pop(TOKEN_FIELD, "")
        if honeypot:
            raise forms.ValidationError(REFUSED_MESSAGE, code="honeypot")
        try:
            started = int(signing.loads(token, salt=TOKEN_SALT)["t"])
            if time.time() - started > TOKEN_MAX_AGE:
                raise signing.SignatureExpired("form started too long ago")
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            # Re-rendered with a fresh start time so a person with a stale tab can send it again.
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN_FIELD)] = form_started_token()
            raise forms.ValidationError(REFUSED_MESSAGE, code="token") from None
        if time.time() - started < getattr(settings, "CMS_FORM_MIN_SECONDS", 3):
            raise forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned
