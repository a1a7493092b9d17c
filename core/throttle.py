"""Throttles for public endpoints, on django-ratelimit's counters in the shared cache.

Every throttle keys on `core.client_ip` (never django-ratelimit's own IP key, which is the proxy's
address behind a load balancer), optionally together with another key such as an email address.
"""

from __future__ import annotations

from collections.abc import Callable

from django_ratelimit.core import is_ratelimited

from core.client_ip import ratelimit_key


def throttled_by_ip(request, *, group: str, rate: str, increment: bool = True) -> bool:
    """Count one attempt from this client address; True once it is over `rate` (e.g. "10/h")."""
    return is_ratelimited(
        request=request,
        group=group,
        key=ratelimit_key,
        rate=rate,
        method=is_ratelimited.ALL,
        increment=increment,
    )


def throttled_by_value(request, *, group: str, rate: str, value: str, increment: bool = True) -> bool:
    """Count one attempt for `value` (an email, an account); an empty value is never throttled."""
    if not value:
        return False
    key: Callable = lambda _group, _request: value.strip().lower()  # noqa: E731
    return is_ratelimited(
        request=request, group=group, key=key, rate=rate, method=is_ratelimited.ALL, increment=increment
    )
