"""What of a stored Stripe event staff may read.

Events carry the customer's or donor's name, email, phone and addresses. Shop managers may see shop
customers but not donors, Finance and Development donors but not shop customers, so only staff who may
see both (superusers) read payloads whole; everyone else reads them with personal fields replaced.
"""

from __future__ import annotations

import json

REDACTED = "[redacted]"
# Keys whose values are personal wherever they appear in a Stripe object.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "email",
        "phone",
        "address",
        "billing_details",
        "shipping",
        "shipping_details",
        "customer_details",
        "customer_email",
        "customer_name",
        "customer_phone",
        "customer_address",
        "customer_shipping",
        "customer_tax_ids",
        "receipt_email",
        "custom_fields",
        "tax_ids",
        "individual_name",
        "owner",
        "card",
        "last4",
        "fingerprint",
        "ip_address",
        "user_agent",
        "evidence",
    }
)
# Metadata the project writes and staff need; anything else in metadata may be personal.
METADATA_KEPT = frozenset({"kind", "reference"})


def may_read_personal_payloads(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def redacted(value, *, key: str = ""):
    """A copy of `value` with every personal field replaced by "[redacted]" (ids and amounts stay)."""
    if isinstance(value, dict):
        if key == "metadata":
            return {k: (v if k in METADATA_KEPT else REDACTED) for k, v in value.items()}
        return {
            k: (REDACTED if k in PERSONAL_KEYS and v not in (None, "", {}, []) else redacted(v, key=k))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redacted(item, key=key) for item in value]
    if isinstance(value, str) and "@" in value:
        return REDACTED  # an email address under a key we do not know
    return value


def payload_for(*, user, payload) -> str:
    """The payload as indented JSON, whole or redacted for this staff member."""
    shown = payload if may_read_personal_payloads(user) else redacted(payload)
    return json.dumps(shown, indent=2, sort_keys=True, ensure_ascii=False)
