"""Turn a verified Stripe event (a plain dict) into the typed values of payments.types.

Every value names the domain object by kind + reference (see `targets`); Stripe is read through
`reads`, whose cache lets an event's prefetch make the network calls before the database
transaction opens. Which event type uses which of these is declared once, in
payments/services/event_types.py.
"""

from payments.mapping.common import (
    Target,
    invoice_subscription,
    link_target,
    object_id,
    session_is_paid,
    target_from_metadata,
    timestamp,
)
from payments.mapping.reads import (
    demo_fee,
    fresh_refund,
    fresh_subscription,
    refunds_of_charge,
    stripe_reads_cached,
)
from payments.mapping.targets import dispute_target, invoice_target, refund_target, session_target
from payments.mapping.values import (
    dispute_fee,
    payment_settled_from_invoice,
    payment_settled_from_session,
    refund_value,
    subscription_current_period_end,
)

__all__ = [
    "Target",
    "demo_fee",
    "dispute_fee",
    "dispute_target",
    "fresh_refund",
    "fresh_subscription",
    "invoice_subscription",
    "invoice_target",
    "link_target",
    "object_id",
    "payment_settled_from_invoice",
    "payment_settled_from_session",
    "refund_target",
    "refund_value",
    "refunds_of_charge",
    "session_is_paid",
    "session_target",
    "stripe_reads_cached",
    "subscription_current_period_end",
    "target_from_metadata",
    "timestamp",
]
