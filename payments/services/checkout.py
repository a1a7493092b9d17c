"""Starting hosted Checkout Sessions and confirming them from the success page."""

from __future__ import annotations

import logging
import re

import stripe
from django.db import transaction
from django.utils import timezone

from payments import client as stripe_access
from payments import mapping
from payments.exceptions import CheckoutError, PaymentProviderUnavailable, PaymentsError
from payments.models import CheckoutLink
from payments.services import demo
from payments.services.checkout_params import (
    checkout_idempotency_key,
    checkout_request_validate,
    checkout_session_params,
)
from payments.services.event_types import event_prefetch, session_settle
from payments.types import CheckoutRequest, CheckoutStart

logger = logging.getLogger(__name__)

SESSION_ID_PATTERN = re.compile(r"^cs_[A-Za-z0-9_]{1,250}\Z")  # \Z: no trailing newline


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
