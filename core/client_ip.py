"""The one rule for a visitor's address, used by every throttle and log line in the project.

`REMOTE_ADDR` is the address unless `TRUSTED_PROXY_COUNT` says how many reverse proxies in front of the
app append to `X-Forwarded-For`. The header is never trusted otherwise, because anyone can send it; with
N trusted proxies the client is the N-th hop from the right (the one the outermost proxy saw).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request) -> str:
    """django-ratelimit's `key=` callable form of `client_ip`."""
    return client_ip(request)


def client_key(request) -> str:
    """A keyed hash of `client_ip`: counts one visitor's doings without storing their address."""
    address = client_ip(request)
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"client:{address}".encode(), hashlib.sha256).hexdigest()
