"""What a CheckoutRequest becomes for Stripe: validation with messages a customer can act on, the
Checkout Session parameters (amounts in minor units, metadata only ids) and the idempotency key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import urlsplit

from django.utils import timezone
from djmoney.money import Money

from core.money import meets_minimum_charge, minimum_charge, to_minor_units, within_maximum_charge
from payments import dispatch
from payments.exceptions import CheckoutError
from payments.types import CheckoutMode, CheckoutRequest

MIN_EXPIRY_SECONDS = 30 * 60
MAX_EXPIRY_SECONDS = 24 * 60 * 60


def _total(request: CheckoutRequest):
    currency = request.line_items[0].unit_amount.currency
    total = sum((item.unit_amount * item.quantity for item in request.line_items), Money(0, currency))
    if request.shipping_options:
        total = total + min(option.amount for option in request.shipping_options)
    return total


def checkout_request_validate(request: CheckoutRequest) -> None:
    """Refuse requests Stripe would refuse, with a message a customer can act on."""
    if request.kind not in dispatch.known_kinds():
        raise CheckoutError(f"No payment handler is configured for kind {request.kind!r}")
    if not request.reference or len(request.reference) > 100:
        raise CheckoutError("A checkout needs a reference of 1-100 characters")
    if not request.line_items:
        raise CheckoutError(user_message="There is nothing to pay for.")
    currencies = {str(item.unit_amount.currency) for item in request.line_items}
    currencies |= {str(option.amount.currency) for option in request.shipping_options}
    if len(currencies) != 1:
        raise CheckoutError(user_message="All amounts in one checkout must be in the same currency.")
    for item in request.line_items:
        if not item.name.strip():
            raise CheckoutError("Every line item needs a name")
        if not isinstance(item.quantity, int) or isinstance(item.quantity, bool) or item.quantity < 1:
            raise CheckoutError(user_message="Quantities must be whole numbers of at least 1.")
        if item.unit_amount.amount < 0 or not within_maximum_charge(item.unit_amount * item.quantity):
            raise CheckoutError(user_message="One of the amounts is not one we can charge.")
    for option in request.shipping_options:
        if option.amount.amount < 0 or not option.label.strip():
            raise CheckoutError("Shipping options need a label and a non-negative amount")
    if request.mode == CheckoutMode.SUBSCRIPTION:
        if request.recurring is None:
            raise CheckoutError("A subscription checkout needs `recurring`")
        if request.shipping_options or request.shipping_countries:
            raise CheckoutError("Stripe collects shipping only in payment mode")
        if request.recurring.interval_count < 1:
            raise CheckoutError("interval_count must be at least 1")
    total = _total(request)
    if not meets_minimum_charge(total):
        minimum = minimum_charge(total.currency)
        raise CheckoutError(
            user_message=f"The total must be at least {minimum}."
            if minimum
            else "The total must be above zero."
        )
    if not within_maximum_charge(total):
        raise CheckoutError(user_message="The total is larger than we can take in one card payment.")
    for url in (request.success_url, request.cancel_url):
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise CheckoutError("success_url and cancel_url must be absolute http(s) URLs")


def checkout_session_params(request: CheckoutRequest) -> dict:
    """The Checkout Session create parameters: amounts in minor units, metadata only ids."""
    metadata = {"kind": request.kind, "reference": request.reference}
    line_items = []
    for item in request.line_items:
        product_data = {"name": item.name[:250]}
        if item.description:
            product_data["description"] = item.description[:500]
        if item.tax_code:
            product_data["tax_code"] = item.tax_code
        price_data = {
            "currency": str(item.unit_amount.currency).lower(),
            "unit_amount": to_minor_units(item.unit_amount),
            "product_data": product_data,
        }
        if request.mode == CheckoutMode.SUBSCRIPTION:
            price_data["recurring"] = {
                "interval": str(request.recurring.interval),
                "interval_count": request.recurring.interval_count,
            }
        line_items.append({"price_data": price_data, "quantity": item.quantity})
    params: dict = {
        "mode": str(request.mode),
        "line_items": line_items,
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        "metadata": metadata,
        "client_reference_id": f"{request.kind}-{request.reference}"[:200],
    }
    if request.mode == CheckoutMode.SUBSCRIPTION:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
    if request.stripe_customer_id:
        params["customer"] = request.stripe_customer_id
    elif request.customer_email:
        params["customer_email"] = request.customer_email
    if request.shipping_countries:
        params["shipping_address_collection"] = {"allowed_countries": list(request.shipping_countries)}
    if request.shipping_options:
        params["shipping_options"] = [_shipping_option_params(option) for option in request.shipping_options]
    if request.automatic_tax:
        params["automatic_tax"] = {"enabled": True}
    if request.allow_promotion_codes:
        params["allow_promotion_codes"] = True
    if request.expires_at is not None:
        params["expires_at"] = _expiry_within_stripe_limits(request.expires_at)
    return params


def _expiry_within_stripe_limits(expires_at) -> int:
    """Stripe accepts 30 minutes to 24 hours from now; a reservation outside that is clamped, not refused."""
    now = timezone.now()
    earliest = now + dt.timedelta(seconds=MIN_EXPIRY_SECONDS + 60)
    latest = now + dt.timedelta(seconds=MAX_EXPIRY_SECONDS - 60)
    return int(min(max(expires_at, earliest), latest).timestamp())


def _shipping_option_params(option) -> dict:
    rate = {
        "type": "fixed_amount",
        "display_name": option.label[:100],
        "fixed_amount": {
            "amount": to_minor_units(option.amount),
            "currency": str(option.amount.currency).lower(),
        },
    }
    estimate = {}
    if option.min_days:
        estimate["minimum"] = {"unit": "business_day", "value": option.min_days}
    if option.max_days:
        estimate["maximum"] = {"unit": "business_day", "value": option.max_days}
    if estimate:
        rate["delivery_estimate"] = estimate
    return {"shipping_rate_data": rate}


def checkout_idempotency_key(request: CheckoutRequest, params: dict) -> str:
    """Same domain object and same content: same key, so a double submit yields one session.

    A changed order (or a caller-supplied suffix) gives a new key instead of Stripe's
    "same key, different parameters" error. The expiry moves with the clock, so it is left out.
    """
    stable = {key: value for key, value in params.items() if key != "expires_at"}
    digest = hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode()).hexdigest()[:16]
    key = f"checkout-{request.kind}-{request.reference}-{digest}"
    if request.idempotency_key:
        key = f"{key}-{request.idempotency_key}"
    return key[:240]
