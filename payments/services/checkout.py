"""Starting hosted Checkout Sessions and confirming them from the success page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from urllib.parse import urlsplit

import stripe
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from payments import client as stripe_access
from payments import dispatch, mapping
from payments.exceptions import CheckoutError, PaymentProviderUnavailable, PaymentsError
from payments.models import CheckoutLink
from payments.money import meets_minimum_charge, minimum_charge, to_minor_units, within_maximum_charge
from payments.services import demo
from payments.services.event_types import event_prefetch, session_settle
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart

logger = logging.getLogger(__name__)

SESSION_ID_PATTERN = re.compile(r"^cs_[A-Za-z0-9_]{1,250}\Z")  # \Z: no trailing newline
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


def _open_session_url(link: CheckoutLink) -> str | None:
    """The URL of a session we already started for this content, if the customer can still pay it."""
    if link.demo:
        session = demo.demo_session_object(link)
        return session.get("url") if session.get("status") == "open" else None
    if not stripe_access.stripe_configured():
        return None
    try:
        session = stripe_access.stripe_client().v1.checkout.sessions.retrieve(link.session_id)
    except stripe.StripeError:
        return None
    return session.url if session.status == "open" else None


def _stripe_failure(exc: stripe.StripeError, action: str) -> PaymentsError:
    logger.warning("payments: Stripe refused to %s: %s (%s)", action, type(exc).__name__, exc.code or "")
    if isinstance(exc, (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)):
        return PaymentProviderUnavailable(f"Stripe unavailable during {action}")
    if isinstance(exc, stripe.InvalidRequestError):
        return CheckoutError(f"Stripe rejected the request to {action}: {exc.user_message or exc.code}")
    return PaymentsError(f"Stripe error during {action}: {type(exc).__name__}")


def checkout_session_create(*, request: CheckoutRequest) -> CheckoutStart:
    """Start a hosted Checkout Session for a domain object (or a demo pay page when no key is set).

    A double submit returns the session already started for the same content while it is open;
    once that one is paid or expired, a retry starts a fresh one under a derived key.
    """
    checkout_request_validate(request)
    params = checkout_session_params(request)
    base_key = checkout_idempotency_key(request, params)
    demo_mode = not stripe_access.stripe_configured()
    if demo_mode:
        stripe_access.require_demo_gateway()
    earlier = CheckoutLink.objects.filter(idempotency_key__startswith=base_key, demo=demo_mode)
    latest = earlier.order_by("-created_at", "-id").first()
    if latest is not None:
        url = _open_session_url(latest)
        if url:
            return CheckoutStart(session_id=latest.session_id, url=url, demo=latest.demo)
    idempotency_key = base_key if latest is None else f"{base_key}-r{earlier.count()}"
    if demo_mode:
        return demo.demo_session_create(request=request, idempotency_key=idempotency_key)
    try:
        session = stripe_access.stripe_client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.IdempotencyError as exc:
        # Two submits raced with different expiries: the other one's session is the answer.
        winner = CheckoutLink.objects.filter(idempotency_key=idempotency_key).first()
        url = _open_session_url(winner) if winner else None
        if winner is None or url is None:
            raise _stripe_failure(exc, "start a checkout") from exc
        return CheckoutStart(session_id=winner.session_id, url=url)
    except stripe.StripeError as exc:
        raise _stripe_failure(exc, "start a checkout") from exc
    checkout_link_create(
        session_id=session.id,
        kind=request.kind,
        reference=request.reference,
        mode=str(request.mode),
        idempotency_key=idempotency_key,
        customer_id=mapping.object_id(session.to_dict().get("customer")),
    )
    return CheckoutStart(session_id=session.id, url=session.url)


@transaction.atomic
def checkout_link_create(
    *, session_id: str, kind: str, reference: str, mode: str, idempotency_key: str, customer_id: str = ""
) -> CheckoutLink:
    link, _ = CheckoutLink.objects.get_or_create(
        session_id=session_id,
        defaults={
            "kind": kind,
            "reference": reference,
            "mode": mode,
            "idempotency_key": idempotency_key,
            "customer_id": customer_id,
        },
    )
    return link


def _retrieve_session(session_id: str) -> dict | None:
    link = CheckoutLink.objects.filter(session_id=session_id).first()
    if link is not None and link.demo:
        return demo.demo_session_object(link)
    if not stripe_access.stripe_configured():
        return None
    try:
        session = stripe_access.stripe_client().v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        return None
    except stripe.StripeError as exc:
        logger.warning("payments: could not fetch session for the success page: %s", type(exc).__name__)
        return None
    return session.to_dict()


def checkout_session_sync(*, session_id: str, kind: str) -> bool:
    """For success pages: True when the session is paid and handed to its domain (now or before).

    Runs the same settlement as the webhook, under the same row lock, so the two race safely.
    A made-up, unpaid or other-kind session fulfils nothing and returns False.
    """
    if not isinstance(session_id, str) or not SESSION_ID_PATTERN.match(session_id):
        return False
    link = CheckoutLink.objects.filter(session_id=session_id).first()
    if link is not None and link.kind != kind:
        return False
    if link is not None and link.settled_at is not None:
        return True
    session = _retrieve_session(session_id)
    if session is None:
        return False
    target = mapping.session_target(session)
    if target is None or target.kind != kind or not mapping.session_is_paid(session):
        return False
    event_id = f"success-page:{session_id}"[:255]
    with mapping.stripe_reads_cached():
        # The fee and shipping label are read before the transaction, like the webhook does.
        event_prefetch({"id": event_id, "type": "checkout.session.completed", "data": {"object": session}})
        try:
            with transaction.atomic():
                session_settle(session=session, target=target, event_id=event_id, occurred_at=timezone.now())
        except stripe.StripeError as exc:
            # The fee could not be read: nothing is booked now; the webhook (retried) books it whole.
            logger.warning("payments: success page could not settle %s: %s", session_id, type(exc).__name__)
            return False
    return True
