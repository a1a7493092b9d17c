"""Cross-site request protection for the POSTs a cached, shared page starts (add to cart, give).

A page served to every anonymous visitor from one cached copy cannot carry Django's CSRF token: the
token lives in a per-visitor cookie, so rendering it sets a cookie and makes the page unshareable.
The forms on those pages start a flow (put an item in the cart, open the gift form's checkout) and
move no money by themselves, so they are protected the way browsers now allow without a token:

1. `Sec-Fetch-Site` (every current browser, on HTTPS and localhost) must say `same-origin`;
2. otherwise `Origin` (sent with every cross-origin and same-origin POST since 2020) must be this
   site or one of CSRF_TRUSTED_ORIGINS;
3. otherwise (an old browser, a script) Django's own token check runs, exactly as before.

A forged cross-site form post fails 1 or 2; nothing is relaxed for a request that says nothing.
Checkout, payment, portal and account POSTs keep Django's token check unchanged.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt


def _trusted(origin: str, request) -> bool:
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    parts = urlsplit(origin)
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        allowed = urlsplit(trusted)
        if allowed.scheme != parts.scheme or not parts.netloc:
            continue
        if allowed.netloc == parts.netloc:
            return True
        if allowed.netloc.startswith("*.") and parts.netloc.endswith(allowed.netloc[1:]):
            return True
    return False


def same_origin_verdict(request) -> bool | None:
    """True for a same-origin request, False for a cross-site one, None when the browser said nothing."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin != "null" and _trusted(origin, request)
    return None


def _token_check(request):
    """Django's CsrfViewMiddleware on this one request: None if the token is right, else the 403."""
    middleware = CsrfViewMiddleware(lambda _request: None)
    return middleware.process_view(request, _token_check, (), {})


def same_origin_required(view):
    """For POSTs started from shared cached pages: fetch metadata or Origin, else Django's token."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        verdict = same_origin_verdict(request)
        if verdict is False:
            failure = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure(request, reason="Cross-site request refused (Origin / Sec-Fetch-Site).")
        if verdict is None:
            refused = _token_check(request)
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    # Lets the project's CSRF audit tell this guard from a bare exemption.
    wrapped.same_origin_guarded = True
    return wrapped
