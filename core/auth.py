"""The login throttle as an authentication backend (django-axes).

Every login form the site serves (Wagtail's admin login included) authenticates with the request,
so axes counts failures per account and per address (`core.client_ip`). Code that authenticates
without a request (the test client's `login()`, a shell) is not a visitor and is not throttled.
"""

from __future__ import annotations

from axes.backends import AxesBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesBackend):
    """Refuses a locked-out account or address; otherwise passes, and ModelBackend (next in
    AUTHENTICATION_BACKENDS) checks the password. It also restores users from their session, as a
    session may name it (the test client's force_login picks the first backend)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: a 429 page that says why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/login_locked.html", {"cooloff_minutes": minutes}, status=429)
