"""The Stripe client, built from settings when a call needs it (never at import).

Tests swap only the HTTP transport (`set_transport`); the real `stripe` library still builds and
parses every request.
"""

from __future__ import annotations

import hashlib
import hmac
import threading

import requests
import stripe
from django.conf import settings

from payments.exceptions import PaymentsError

_transport: stripe.HTTPClient | None = None
_transport_generation = 0
# One client per configuration and thread: its HTTP session keeps the connection to Stripe alive
# between requests (a new client per call opened a new TCP connection every time). Per thread, as
# requests' sessions are not meant to be shared between threads.
_local = threading.local()


class DemoGatewayDisabled(PaymentsError):
    """No Stripe key is configured and the demo gateway may not run here."""

    user_message = "Online payment is not available right now. Please contact us to complete your order."


def set_transport(http_client: stripe.HTTPClient | None) -> None:
    """Route Stripe requests through `http_client` (a test double or stripe-mock proxy); None resets."""
    global _transport, _transport_generation
    _transport = http_client
    _transport_generation += 1


def stripe_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def demo_gateway_allowed() -> bool:
    """The demo gateway stands in when no key is set, and only with DEBUG on or PAYMENTS_DEMO explicit."""
    if stripe_configured():
        return False
    return bool(settings.DEBUG or settings.PAYMENTS_DEMO)


def require_demo_gateway() -> None:
    if not demo_gateway_allowed():
        raise DemoGatewayDisabled(
            "Payments are not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, "
            "or PAYMENTS_DEMO=1 to allow the demo gateway with DEBUG off."
        )


def demo_webhook_secret() -> str:
    """A per-install secret the demo gateway signs its events with (derived, never stored or shown)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"payments-demo-webhook-secret", hashlib.sha256)
    return "whsec_demo_" + digest.hexdigest()


def webhook_tolerance() -> int:
    return settings.STRIPE_WEBHOOK_TOLERANCE


def stripe_client() -> stripe.StripeClient:
    """The client for the configured account with the pinned API version (built once per
    configuration and reused: settings read at call time, so a changed key gets a new client)."""
    api_key = settings.STRIPE_SECRET_KEY
    if not api_key:
        raise stripe.AuthenticationError("STRIPE_SECRET_KEY is not set")
    key = (
        api_key,
        settings.STRIPE_API_VERSION,
        settings.STRIPE_MAX_NETWORK_RETRIES,
        settings.STRIPE_API_BASE,
        settings.STRIPE_TIMEOUT_SECONDS,
        _transport_generation,
    )
    clients = getattr(_local, "clients", None)
    if clients is None:
        clients = _local.clients = {}
    client = clients.get(key)
    if client is None:
        client = clients[key] = _build_client(api_key)
    return client


def _build_client(api_key: str) -> stripe.StripeClient:
    base_addresses = {}
    api_base = settings.STRIPE_API_BASE
    if api_base:
        base_addresses = {"api": api_base.rstrip("/"), "files": api_base.rstrip("/")}
    return stripe.StripeClient(
        api_key,
        stripe_version=settings.STRIPE_API_VERSION,
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        base_addresses=base_addresses or None,
        http_client=_transport or _http_client(api_base or stripe.DEFAULT_API_BASE),
    )


def _http_client(api_base: str) -> stripe.HTTPClient:
    """stripe-python's requests client with our connect and read timeout (a hanging Stripe costs a
    customer seconds, not the library's 80 s per try).

    Its session does not consult the environment on every request (`trust_env`): requests would
    otherwise rescan every environment variable for proxies and read ~/.netrc (whose credentials
    would replace Stripe's Authorization header) on each call. A proxy set in the environment
    (HTTPS_PROXY, NO_PROXY) is read once here instead, for Stripe's address.
    """
    session = requests.Session()
    session.trust_env = False
    proxies = requests.utils.get_environ_proxies(api_base)
    proxies = {scheme: proxies[scheme] for scheme in ("http", "https") if proxies.get(scheme)}
    return stripe.RequestsClient(
        timeout=settings.STRIPE_TIMEOUT_SECONDS, session=session, proxy=proxies or None
    )
