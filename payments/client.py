"""The Stripe client, built from settings when a call needs it (never at import).

Tests swap only the HTTP transport (`set_transport`); the real `stripe` library still builds and
parses every request.
"""

from __future__ import annotations

import hashlib
import hmac

import stripe
from django.conf import settings

from payments.exceptions import PaymentsError

_transport: stripe.HTTPClient | None = None


class DemoGatewayDisabled(PaymentsError):
    """No Stripe key is configured and the demo gateway may not run here."""

    user_message = "Online payment is not available right now. Please contact us to complete your order."


def set_transport(http_client: stripe.HTTPClient | None) -> None:
    """Route Stripe requests through `http_client` (a test double or stripe-mock proxy); None resets."""
    global _transport
    _transport = http_client


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
    """A client for the configured account with the pinned API version."""
    api_key = settings.STRIPE_SECRET_KEY
    if not api_key:
        raise stripe.AuthenticationError("STRIPE_SECRET_KEY is not set")
    base_addresses = {}
    api_base = settings.STRIPE_API_BASE
    if api_base:
        base_addresses = {"api": api_base.rstrip("/"), "files": api_base.rstrip("/")}
    return stripe.StripeClient(
        api_key,
        stripe_version=settings.STRIPE_API_VERSION,
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        base_addresses=base_addresses or None,
        http_client=_transport or _http_client(),
    )


def _http_client() -> stripe.HTTPClient:
    """stripe-python's HTTP client with our connect and read timeout: a hanging Stripe costs a
    customer seconds, not the library's 80 s per try."""
    return stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS)
