"""The demo gateway: Stripe's stand-in when no key is set (DEBUG on or PAYMENTS_DEMO only).

Paying builds events shaped like Stripe's, signs them with a per-install demo secret and feeds
them to the same inbox and dispatch as real webhooks, so the domain cannot tell the difference.
"""

from .billing import demo_portal_read, demo_portal_url, demo_refund_create, demo_subscription_change
from .sessions import demo_event_send, demo_link, demo_session_create, demo_session_object, demo_session_pay

__all__ = [
    "demo_event_send",
    "demo_link",
    "demo_portal_read",
    "demo_portal_url",
    "demo_refund_create",
    "demo_session_create",
    "demo_session_object",
    "demo_session_pay",
    "demo_subscription_change",
]
