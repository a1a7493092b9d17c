"""Error reports (DEBUG pages, ADMINS emails) that never carry a configured secret.

Django hides settings whose names look secret, but a traceback's frame variables (an `api_key`
argument, an `Authorization` header deep in stripe's client) are shown as they are. This filter also
blanks every string that contains one of the values of `SECRET_SETTINGS`.
"""

from __future__ import annotations

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

SECRET_SETTINGS = ("SECRET_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")


def _secrets() -> list[str]:
    values = (getattr(settings, name, "") for name in SECRET_SETTINGS)
    return [value for value in values if isinstance(value, str) and len(value) >= 8]


def _scrub(value, secrets):
    if isinstance(value, str):
        return SafeExceptionReporterFilter.cleansed_substitute if any(s in value for s in secrets) else value
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(item, secrets) for item in value)
    text = repr(value) if not isinstance(value, (int, float, bool, type(None))) else ""
    if text and any(s in text for s in secrets):
        return SafeExceptionReporterFilter.cleansed_substitute
    return value


class SecretScrubbingFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request, tb_frame):
        secrets = _secrets()
        return [
            (name, _scrub(value, secrets))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def get_post_parameters(self, request):
        secrets = _secrets()
        return {key: _scrub(value, secrets) for key, value in super().get_post_parameters(request).items()}
