"""The Stripe HTTP transport double behind the `stripe_fake` fixture (documented in tests/fixtures/stripe.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import stripe

from tests.payments.stripe_fake_routes import StripeFakeRoutes
from tests.payments.stripe_samples import deep_merge, new_id, sample


def _unflatten(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+|\[\]", key)
        node = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        converted = {key: _lists(value) for key, value in node.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return node


@dataclass
class RecordedRequest:
    method: str
    base: str  # scheme://host of the request: STRIPE_API_BASE or https://api.stripe.com
    path: str
    params: dict
    flat: dict
    headers: dict
    idempotency_key: str | None


@dataclass
class _Route:
    method: str
    pattern: re.Pattern
    handler: object
    times: int | None = None
    used: int = 0


ERRORS = {
    "card_declined": (
        402,
        {
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "generic_decline",
            "message": "Your card was declined.",
        },
    ),
    "server_error": (500, {"type": "api_error", "message": "An unknown error occurred"}),
    "rate_limit": (
        429,
        {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests"},
    ),
    "idempotency_error": (
        400,
        {
            "type": "idempotency_error",
            "message": "Keys for idempotent requests can only be used with the same parameters they were first used with.",
        },
    ),
}


# Stripe's top-level parameter names for the routes this project calls (API reference, 2026-10-28).
# A name outside these is refused as Stripe refuses it; nested parameters are not checked.
_LIST = {"created", "ending_before", "expand", "limit", "starting_after"}
KNOWN_PARAMETERS: list[tuple[str, re.Pattern, frozenset[str]]] = [
    (
        "POST",
        re.compile(r"/v1/checkout/sessions"),
        frozenset(
            {
                "adaptive_pricing",
                "after_expiration",
                "allow_promotion_codes",
                "automatic_tax",
                "billing_address_collection",
                "branding_settings",
                "cancel_url",
                "client_reference_id",
                "consent_collection",
                "currency",
                "custom_fields",
                "custom_text",
                "customer",
                "customer_creation",
                "customer_email",
                "customer_update",
                "discounts",
                "expand",
                "expires_at",
                "invoice_creation",
                "line_items",
                "locale",
                "metadata",
                "mode",
                "name_collection",
                "optional_items",
                "origin_context",
                "payment_intent_data",
                "payment_method_collection",
                "payment_method_configuration",
                "payment_method_data",
                "payment_method_options",
                "payment_method_types",
                "permissions",
                "phone_number_collection",
                "redirect_on_completion",
                "return_url",
                "saved_payment_method_options",
                "setup_intent_data",
                "shipping_address_collection",
                "shipping_options",
                "submit_type",
                "subscription_data",
                "success_url",
                "tax_id_collection",
                "ui_mode",
                "wallet_options",
            }
        ),
    ),
    (
        "POST",
        re.compile(r"/v1/refunds"),
        frozenset(
            {
                "amount",
                "charge",
                "currency",
                "customer",
                "expand",
                "instructions_email",
                "metadata",
                "origin",
                "payment_intent",
                "reason",
                "refund_application_fee",
                "reverse_transfer",
            }
        ),
    ),
    (
        "POST",
        re.compile(r"/v1/billing_portal/sessions"),
        frozenset(
            {"configuration", "customer", "expand", "flow_data", "locale", "on_behalf_of", "return_url"}
        ),
    ),
    (
        "POST",
        re.compile(r"/v1/subscriptions/[^/]+"),
        frozenset(
            {
                "add_invoice_items",
                "application_fee_percent",
                "automatic_tax",
                "billing_cycle_anchor",
                "billing_mode",
                "billing_thresholds",
                "cancel_at",
                "cancel_at_period_end",
                "cancellation_details",
                "collection_method",
                "days_until_due",
                "default_payment_method",
                "default_source",
                "default_tax_rates",
                "description",
                "discounts",
                "expand",
                "invoice_settings",
                "items",
                "metadata",
                "off_session",
                "on_behalf_of",
                "pause_collection",
                "payment_behavior",
                "payment_settings",
                "pending_invoice_item_interval",
                "proration_behavior",
                "proration_date",
                "transfer_data",
                "trial_end",
                "trial_from_plan",
                "trial_settings",
            }
        ),
    ),
    (
        "DELETE",
        re.compile(r"/v1/subscriptions/[^/]+"),
        frozenset({"cancellation_details", "expand", "invoice_now", "prorate"}),
    ),
    ("GET", re.compile(r"/v1/events"), frozenset(_LIST | {"delivery_success", "type", "types"})),
    ("GET", re.compile(r"/v1/refunds"), frozenset(_LIST | {"charge", "payment_intent"})),
    ("GET", re.compile(r"/v1/invoice_payments"), frozenset(_LIST | {"invoice", "payment", "status"})),
    ("GET", re.compile(r"/v1/[a-z_]+(/[a-z_]+)?/[A-Za-z0-9_]+"), frozenset({"expand"})),
]


def _unknown_parameter(request: RecordedRequest) -> str | None:
    for method, pattern, names in KNOWN_PARAMETERS:
        if method == request.method and pattern.fullmatch(request.path):
            unknown = sorted(set(request.params) - names)
            return unknown[0] if unknown else None
    return None


class StripeFake(StripeFakeRoutes, stripe.HTTPClient):
    name = "stripe-fake"

    def __init__(self):
        super().__init__()
        self.requests: list[RecordedRequest] = []
        self.objects: dict[str, dict] = {}
        self._routes: list[_Route] = []
        # (method, path, key) -> (the parameters first sent with the key, the response given)
        self._idempotent: dict[tuple[str, str, str], tuple[dict, tuple[str, int, dict]]] = {}

    # --- programming -------------------------------------------------------------------------

    def obj(self, resource: str, **overrides) -> dict:
        return sample(resource, **overrides)

    def put(self, obj: dict) -> dict:
        self.objects[obj["id"]] = obj
        return obj

    def on(
        self, method: str, path: str, *, status: int = 200, body: dict | None = None, handler=None, times=None
    ):
        """Answer `method path` (a regex matched in full) with `body`/`status` or `handler(request)`."""
        if handler is None:

            def handler(_request, status=status, body=body):
                return status, body if body is not None else {}

        self._routes.insert(0, _Route(method.upper(), re.compile(path), handler, times))

    def fail(self, method: str, path: str, error: str = "server_error", *, times: int | None = 1):
        if error == "network":

            def handler(_request):
                raise stripe.APIConnectionError("Network error talking to Stripe (faked)", should_retry=False)

        else:
            status, body = ERRORS[error]

            def handler(_request, status=status, body=body):
                return status, {"error": body}

        self.on(method, path, handler=handler, times=times)

    def calls(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        return [
            request
            for request in self.requests
            if (method is None or request.method == method.upper())
            and (path is None or re.fullmatch(path, request.path))
        ]

    def paid_checkout(
        self,
        *,
        kind: str,
        reference: str,
        amount_total,
        fee=None,
        mode: str = "payment",
        customer_email: str = "donor@example.org",
        session_overrides: dict | None = None,
    ) -> dict:
        """A completed, paid Checkout Session with its PaymentIntent, charge and balance transaction stored."""
        from core.money import to_minor_units

        currency = str(amount_total.currency).lower()
        total = to_minor_units(amount_total)
        metadata = {"kind": kind, "reference": reference}
        balance = self.put(
            sample(
                "balance_transaction",
                amount=total,
                currency=currency,
                fee=to_minor_units(fee) if fee is not None else 0,
                net=total - (to_minor_units(fee) if fee is not None else 0),
            )
        )
        payment_intent = sample("payment_intent", amount=total, amount_received=total, currency=currency)
        payment_intent.update(status="succeeded", metadata=metadata)
        charge = sample(
            "charge", amount=total, amount_captured=total, currency=currency, captured=True, paid=True
        )
        charge.update(
            payment_intent=payment_intent["id"], balance_transaction=balance["id"], status="succeeded"
        )
        balance["source"] = charge["id"]
        payment_intent["latest_charge"] = charge["id"]
        self.put(charge)
        self.put(payment_intent)
        session = sample("checkout.session")
        session.update(
            mode=mode,
            status="complete",
            payment_status="paid",
            currency=currency,
            amount_total=total,
            amount_subtotal=total,
            metadata=metadata,
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            shipping_cost=None,
            customer_details={**session["customer_details"], "email": customer_email, "name": "Dana Donor"},
            payment_intent=payment_intent["id"] if mode == "payment" else None,
        )
        if mode == "subscription":
            subscription = self.put(sample("subscription", metadata=metadata, status="active"))
            session.update(
                subscription=subscription["id"], customer=subscription["customer"], invoice=new_id("invoice")
            )
        deep_merge(session, session_overrides or {})
        return self.put(session)

    # --- the transport -------------------------------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        body = post_data.decode() if isinstance(post_data, bytes) else (post_data or "")
        pairs = parse_qsl(
            body if method.lower() in ("post", "delete") and body else parts.query, keep_blank_values=True
        )
        headers = dict(headers or {})
        key = headers.get("Idempotency-Key")
        recorded = RecordedRequest(
            method=method.upper(),
            base=f"{parts.scheme}://{parts.netloc}",
            path=parts.path,
            params=_unflatten(pairs),
            flat=dict(pairs),
            headers=headers,
            idempotency_key=key,
        )
        self.requests.append(recorded)
        request_id = {"Request-Id": f"req_fake_{len(self.requests)}"}
        replay_key = (recorded.method, recorded.path, key) if key else None
        if replay_key and replay_key in self._idempotent:
            first_params, response = self._idempotent[replay_key]
            if first_params != recorded.flat:
                status, body = ERRORS["idempotency_error"]
                return json.dumps({"error": body}), status, request_id
            return response
        unknown = _unknown_parameter(recorded)
        if unknown is not None:
            body = {
                "type": "invalid_request_error",
                "code": "parameter_unknown",
                "param": unknown,
                "message": f"Received unknown parameter: {unknown}",
            }
            return json.dumps({"error": body}), 400, request_id
        status, payload = self._respond(recorded)
        response = (json.dumps(payload), status, request_id)
        if replay_key and status < 500:
            self._idempotent[replay_key] = (dict(recorded.flat), response)
        return response

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise stripe.APIConnectionError("streaming is not faked")

    def close(self):
        return None

    def _respond(self, request: RecordedRequest) -> tuple[int, dict]:
        for route in self._routes:
            if route.method == request.method and route.pattern.fullmatch(request.path):
                if route.times is not None and route.used >= route.times:
                    continue
                route.used += 1
                return route.handler(request)
        return self._default(request)
