"""Anti-bot checks for public forms: a honeypot field and a signed, single-use start token.

People never see the honeypot; bots fill it. The start token is signed and names the form it was issued
for, so a token from one form does not pass another, and a form sent faster than a person could fill
it (the form's minimum, in seconds) is refused. Each token carries a nonce recorded in the cache on
its first accepted use, so a replayed token is refused (use a cache shared by every app server). When
the visitor already has a session, the token is also bound to it; anonymous pages get no session just
for this, so they stay cacheable. Both fields are removed from `cleaned_data`.
"""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

from core import page_cache

TOKEN_SALT = "core.antibot.started"
TOKEN_MAX_AGE = 24 * 60 * 60
NONCE_CACHE_PREFIX = "core.antibot.used:"
REFUSED_MESSAGE = "We could not accept this form. Please check it and send it again."
EXPIRED_MESSAGE = "This form was open for too long. Please check your details and send it again."
TOO_FAST_MESSAGE = "That was very quick. Please check your answers and send the form again."
REPLAYED_MESSAGE = (
    "This form was already sent once. If that did not go through, please check your details and send "
    "it again."
)
OTHER_SESSION_MESSAGE = (
    "This form was opened in another browser session. Please check your details and send it again."
)


def _session_key(request) -> str:
    session = getattr(request, "session", None) if request is not None else None
    return (session.session_key or "") if session is not None else ""


def _session_digest(session_key: str) -> str:
    # The token is visible in the page: it carries a keyed digest of the session, never its key.
    return salted_hmac("core.antibot.session", session_key).hexdigest()[:32]


def started_token(
    *, purpose: str, issued_at: float | None = None, session_key: str = "", nonce: str | None = None
) -> str:
    """The signed start time rendered into a form of kind `purpose`, bound to a session if given."""
    payload = {
        "t": int(issued_at if issued_at is not None else time.time()),
        "p": purpose,
        "n": nonce or secrets.token_urlsafe(16),
    }
    if session_key:
        payload["s"] = _session_digest(session_key)
    return signing.dumps(payload, salt=TOKEN_SALT)


def read_token(token: str, *, purpose: str) -> dict | None:
    """The token's payload if it is genuine, fresh and for `purpose`; None otherwise."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        issued = int(payload["t"])
        nonce = str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if payload.get("p") != purpose or not nonce or not 0 <= time.time() - issued <= TOKEN_MAX_AGE:
        return None
    return payload


def started_at(token: str, *, purpose: str) -> int | None:
    """When a token for `purpose` was issued, or None if it is forged, stale or for another form."""
    payload = read_token(token, purpose=purpose)
    return None if payload is None else int(payload["t"])


def token_spend(payload: dict) -> bool:
    """Record the token's nonce; False if it was already used."""
    return cache.add(f"{NONCE_CACHE_PREFIX}{payload['n']}", 1, timeout=TOKEN_MAX_AGE + 60)


class HumanCheckMixin(forms.Form):
    """Adds the honeypot and the start token to a form.

    `min_seconds_setting` names the setting that holds this form's minimum fill time in seconds. Pass
    `request=` so the token is bound to the visitor's session when they have one.
    """

    min_seconds_setting = "ANTIBOT_MIN_SECONDS"
    honeypot_field_name = "website"
    started_field_name = "started"

    def __init__(self, *args, request=None, **kwargs):
        self.human_check_request = request
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
            initial=self._fresh_token,
        )

    @classmethod
    def human_check_purpose(cls) -> str:
        """Tokens are bound to the form class that issued them."""
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def human_check_token(cls, *, issued_at: float | None = None, session_key: str = "") -> str:
        return started_token(purpose=cls.human_check_purpose(), issued_at=issued_at, session_key=session_key)

    def _fresh_token(self, issued_at: float | None = None) -> str:
        if issued_at is None and page_cache.is_shared_render(self.human_check_request):
            # The page may be served to many visitors: each response gets its own token there.
            return page_cache.token_placeholder(self.human_check_purpose())
        return self.human_check_token(issued_at=issued_at, session_key=_session_key(self.human_check_request))

    @property
    def human_check_field_names(self) -> tuple[str, str]:
        return (self.honeypot_field_name, self.started_field_name)

    def visible_fields_without_checks(self):
        return [field for field in self if field.name not in self.human_check_field_names]

    def _reissue(self, issued_at: float | None = None) -> None:
        # A re-rendered form carries a new token, so a person can correct it and send it again.
        self.data = self.data.copy()
        self.data[self.add_prefix(self.started_field_name)] = self._fresh_token(issued_at)

    def clean(self):
        cleaned = super().clean()
        honeypot = cleaned.pop(self.honeypot_field_name, "")
        token = cleaned.pop(self.started_field_name, "")
        if honeypot:
            raise forms.ValidationError(REFUSED_MESSAGE, code="honeypot")
        payload = read_token(token, purpose=self.human_check_purpose())
        if payload is None:
            self._reissue()
            raise forms.ValidationError(EXPIRED_MESSAGE, code="token")
        started = int(payload["t"])
        bound_to = payload.get("s")
        session_key = _session_key(self.human_check_request)
        if bound_to and not (session_key and constant_time_compare(bound_to, _session_digest(session_key))):
            self._reissue(started)
            raise forms.ValidationError(OTHER_SESSION_MESSAGE, code="session")
        if time.time() - started < getattr(settings, self.min_seconds_setting):
            raise forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        spent = token_spend(payload)
        self._reissue(started)
        if not spent:
            raise forms.ValidationError(REPLAYED_MESSAGE, code="replayed")
        return cleaned
