"""payments services: every write, keyword-only. The API the domain apps call."""

from payments.services.billing import (
    customer_portal_session_create,
    refund_create,
    subscription_cancel,
    subscription_update,
)
from payments.services.checkout import checkout_session_create, checkout_session_sync
from payments.services.events import (
    Outcome,
    WebhookRejected,
    stripe_event_ingest,
    stripe_event_process,
    stripe_event_record,
)
from payments.services.gift_lines import gift_line_hand_over
from payments.services.invoices import InvoiceError, invoice_create

__all__ = [
    "InvoiceError",
    "Outcome",
    "WebhookRejected",
    "checkout_session_create",
    "checkout_session_sync",
    "customer_portal_session_create",
    "gift_line_hand_over",
    "invoice_create",
    "refund_create",
    "stripe_event_ingest",
    "stripe_event_process",
    "stripe_event_record",
    "subscription_cancel",
    "subscription_update",
]
