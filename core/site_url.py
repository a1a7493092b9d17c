"""Absolute links for emails and alerts: the address the visitor is using when a request is being
served, otherwise the configured base URL (`WAGTAILADMIN_BASE_URL`, which `make run` sets from PORT)."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

_request_base: ContextVar[str] = ContextVar("hopeworks_request_base", default="")


def site_url(path: str = "/", *, base: str = "") -> str:
    """`base` (an app's own override such as DONATIONS_SITE_URL) wins when set."""
    root = base or _request_base.get() or settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path


class RequestBaseURLMiddleware:
    """Remembers the validated host (ALLOWED_HOSTS) of the request being served, for site_url()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set(request.build_absolute_uri("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
