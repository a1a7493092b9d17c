"""The webhook inbox: verify, store once, apply and mark processed in one transaction.

`stripe_event_ingest` is what the webhook view (and the demo gateway, with its own secret) calls.
A duplicate event id answers "duplicate" and does nothing; a handler failure is recorded on the
row and reported as "failed" so Stripe retries; the retry or a replay applies it once.
"""

from __future__ import annotations

import json
import logging
import time
from enum import StrEnum

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from payments import client as stripe_access
from payments import dispatch, mapping
from payments.exceptions import EventNotMapped
from payments.models import CheckoutLink, StripeEvent
from payments.money import from_minor_units
from payments.notifications import event_failure_alert_send
from payments.types import (
    CheckoutExpired,
    DisputeUpdated,
    InvoiceUpdated,
    PaymentFailed,
    StripeIds,
    SubscriptionUpdated,
)

logger = logging.getLogger("payments.webhooks")

MAX_ERROR_LENGTH = 2000
DONE = (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED)


class Outcome(StrEnum):
    PROCESSED = "processed"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class WebhookRejected(Exception):
    """The request is not a verifiable Stripe event; `reason` is safe to log (no payload data)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _signature_timestamp(signature: str) -> int | None:
    for part in signature.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def webhook_verify(*, payload: bytes, signature: str | None, secret: str) -> dict:
    """The verified event as a dict, or WebhookRejected. Nothing is stored before this passes."""
    if not secret:
        raise WebhookRejected("no webhook secret is configured")
    if not signature:
        raise WebhookRejected("missing Stripe-Signature header")
    if isinstance(payload, (bytes, bytearray)):
        try:
            payload = bytes(payload).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WebhookRejected("body is not UTF-8") from exc
    tolerance = stripe_access.webhook_tolerance()
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected(f"signature verification failed: {exc.user_message or 'invalid'}") from exc
    except ValueError as exc:  # valid signature over a body that is not an event
        raise WebhookRejected("body is not a Stripe event") from exc
    # Stripe's library checks only the past; a timestamp from the future beyond the same skew is
    # as suspect as an old one (a replay window opened in advance).
    signed_at = _signature_timestamp(signature)
    if signed_at is None or signed_at > time.time() + tolerance:
        raise WebhookRejected("signature timestamp is in the future")
    event = json.loads(payload)
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise WebhookRejected("body is not a Stripe event")
    if not isinstance((event.get("data") or {}).get("object"), dict):
        raise WebhookRejected("event has no data.object")
    pinned = settings.STRIPE_API_VERSION
    if event.get("api_version") and event["api_version"] != pinned:
        # Still accepted, but its objects may be shaped differently from what the mapping reads.
        logger.warning(
            "payments: event %s uses API version %s, not the pinned %s; set the endpoint's version to match",
            event["id"],
            event["api_version"],
            pinned,
        )
    return event


def stripe_event_ingest(
    *, payload: bytes, signature: str | None, secret: str, source: str = StripeEvent.Source.WEBHOOK
) -> Outcome:
    event = webhook_verify(payload=payload, signature=signature, secret=secret)
    return stripe_event_record(event=event, source=source)


def stripe_event_record(*, event: dict, source: str = StripeEvent.Source.WEBHOOK) -> Outcome:
    """Store a verified event once and apply it (or apply a stored one that has not succeeded yet).

    Stripe is read before the transaction opens, so no lock is held across the network.
    """
    if StripeEvent.objects.filter(event_id=event["id"], status__in=DONE).exists():
        return Outcome.DUPLICATE
    with mapping.stripe_reads_cached():
        mapping.prefetch(event)
        return _record_locked(event=event, source=source)


def _record_locked(*, event: dict, source: str) -> Outcome:
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = StripeEvent.objects.create(
                    event_id=event["id"],
                    type=str(event["type"])[:100],
                    livemode=bool(event.get("livemode")),
                    api_version=str(event.get("api_version") or "")[:50],
                    stripe_created_at=mapping.timestamp(event.get("created")) or timezone.now(),
                    payload=event,
                    source=source,
                )
        except IntegrityError:
            # Delivered before (or right now in another worker, whose insert we waited for).
            row = StripeEvent.objects.select_for_update().get(event_id=event["id"])
            if row.is_done:
                return Outcome.DUPLICATE
        return _process_locked(row)


def stripe_event_process(*, event_id: str) -> Outcome:
    """Apply a stored event that has not succeeded yet (replay). A processed event is left alone."""
    stored = StripeEvent.objects.filter(event_id=event_id).values_list("payload", flat=True).first()
    with mapping.stripe_reads_cached():
        if stored is not None:
            mapping.prefetch(stored)
        return _process_stored(event_id=event_id)


def _process_stored(*, event_id: str) -> Outcome:
    with transaction.atomic():
        row = StripeEvent.objects.select_for_update().get(event_id=event_id)
        if row.status == StripeEvent.Status.PROCESSED:
            return Outcome.DUPLICATE
        return _process_locked(row)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]


def _process_locked(row: StripeEvent) -> Outcome:
    row.attempts += 1
    try:
        with transaction.atomic():
            applied, target = apply_event(row.payload)
    except Exception as exc:
        row.status = StripeEvent.Status.FAILED
        row.last_error = _describe(exc)
        metadata_target = mapping.target_from_metadata(
            ((row.payload.get("data") or {}).get("object") or {}).get("metadata")
        )
        if metadata_target is not None:
            row.kind, row.reference = metadata_target.kind[:50], metadata_target.reference[:100]
        row.save(update_fields=["status", "last_error", "attempts", "kind", "reference"])
        error_type = type(exc).__name__
        transaction.on_commit(lambda: event_failure_alert_send(event=row, error_type=error_type))
        logger.warning(
            "payments: event %s (%s) failed on attempt %s: %s",
            row.event_id,
            row.type,
            row.attempts,
            type(exc).__name__,
        )
        return Outcome.FAILED
    if target is not None:
        row.kind, row.reference = target.kind[:50], target.reference[:100]
    row.status = StripeEvent.Status.PROCESSED if applied else StripeEvent.Status.IGNORED
    row.last_error = ""
    row.processed_at = timezone.now()
    row.save(update_fields=["status", "last_error", "attempts", "processed_at", "kind", "reference"])
    return Outcome.PROCESSED if applied else Outcome.IGNORED


# --- applying one event -------------------------------------------------------------------------


def _ours(target: mapping.Target | None) -> bool:
    if target is None:
        return False
    if target.kind not in dispatch.known_kinds():
        logger.warning(
            "payments: event names kind %r that no handler is configured for; ignored", target.kind
        )
        return False
    return True


def checkout_link_note_ids(*, session: dict, target: mapping.Target) -> CheckoutLink:
    """Record the ids Stripe assigned after the session started, creating the link if we never saw it."""
    link, _ = CheckoutLink.objects.get_or_create(
        session_id=session["id"],
        defaults={
            "kind": target.kind,
            "reference": target.reference,
            "mode": session.get("mode") or CheckoutLink.Mode.PAYMENT,
        },
    )
    updates = {
        "payment_intent_id": mapping.object_id(session.get("payment_intent")),
        "subscription_id": mapping.object_id(session.get("subscription")),
        "customer_id": mapping.object_id(session.get("customer")),
    }
    changed = [field for field, value in updates.items() if value and getattr(link, field) != value]
    for field in changed:
        setattr(link, field, updates[field])
    if changed:
        link.save(update_fields=[*changed, "updated_at"])
    return link


def invoice_link_note_ids(*, invoice: dict, value) -> None:
    """An invoice we sent (see services/invoices.py) learns its PaymentIntent once paid, so refunds
    and disputes of that payment find their domain object like a Checkout payment's do."""
    if not value.ids.payment_intent_id:
        return
    CheckoutLink.objects.filter(session_id=invoice.get("id") or "", payment_intent_id="").update(
        payment_intent_id=value.ids.payment_intent_id, customer_id=value.ids.customer_id
    )


def session_settle(*, session: dict, target: mapping.Target, event_id: str, occurred_at) -> bool:
    """Hand a paid session to its domain exactly once, whoever gets here first (webhook or success page)."""
    link = checkout_link_note_ids(session=session, target=target)
    link = CheckoutLink.objects.select_for_update().get(pk=link.pk)
    if link.settled_at is not None:
        return True
    value = mapping.payment_settled_from_session(
        session, target=target, event_id=event_id, occurred_at=occurred_at
    )
    dispatched = dispatch.dispatch(value)
    link.settled_at = timezone.now()
    link.settled_by_event = event_id
    link.save(update_fields=["settled_at", "settled_by_event", "updated_at"])
    return dispatched


def apply_event(event: dict) -> tuple[bool, mapping.Target | None]:
    """Map one event and dispatch it. (applied, target); applied False means nothing to do."""
    event_type = event["type"]
    obj = event["data"]["object"]
    event_id = event["id"]
    occurred_at = mapping.timestamp(event.get("created")) or timezone.now()
    ids = StripeIds(event_id=event_id)

    if event_type not in mapping.HANDLED_TYPES:
        return False, None

    if event_type.startswith("checkout.session."):
        target = mapping.session_target(obj)
        if not _ours(target):
            return False, target
        checkout_link_note_ids(session=obj, target=target)
        session_ids = StripeIds(
            event_id=event_id,
            checkout_session_id=obj.get("id") or "",
            payment_intent_id=mapping.object_id(obj.get("payment_intent")),
            customer_id=mapping.object_id(obj.get("customer")),
            subscription_id=mapping.object_id(obj.get("subscription")),
        )
        if event_type in mapping.SESSION_SETTLED:
            if not mapping.session_is_paid(obj):
                return False, target  # delayed payment method: wait for async_payment_succeeded
            return session_settle(
                session=obj, target=target, event_id=event_id, occurred_at=occurred_at
            ), target
        if event_type == "checkout.session.async_payment_failed":
            value = PaymentFailed(
                kind=target.kind,
                reference=target.reference,
                reason="async_payment_failed",
                occurred_at=occurred_at,
                ids=session_ids,
            )
        else:
            value = CheckoutExpired(
                kind=target.kind, reference=target.reference, occurred_at=occurred_at, ids=session_ids
            )
        return dispatch.dispatch(value), target

    if event_type in ("invoice.paid", "invoice.payment_failed"):
        target = mapping.invoice_target(obj)
        if not _ours(target):
            return False, target
        subscription_id, _ = mapping.invoice_subscription(obj)
        if event_type == "invoice.paid":
            if subscription_id and obj.get("billing_reason") == "subscription_create":
                # The first payment of a subscription started in Checkout settles through its
                # checkout.session.completed (and the success page); booking it here too would double it.
                return False, target
            value = mapping.payment_settled_from_invoice(
                obj, target=target, event_id=event_id, occurred_at=occurred_at
            )
            invoice_link_note_ids(invoice=obj, value=value)
        else:
            error = obj.get("last_finalization_error") or {}
            value = PaymentFailed(
                kind=target.kind,
                reference=target.reference,
                reason=str(error.get("code") or "invoice_payment_failed"),
                occurred_at=occurred_at,
                ids=StripeIds(
                    event_id=event_id,
                    customer_id=mapping.object_id(obj.get("customer")),
                    subscription_id=subscription_id,
                    invoice_id=obj.get("id") or "",
                ),
                hosted_invoice_url=obj.get("hosted_invoice_url") or "",
            )
        return dispatch.dispatch(value), target

    if event_type == "payment_intent.payment_failed":
        # One declined attempt inside Checkout; metadata is set via payment_intent_data.metadata.
        target = mapping.target_from_metadata(obj.get("metadata"))
        if not _ours(target):
            return False, target
        error = obj.get("last_payment_error") or {}
        value = PaymentFailed(
            kind=target.kind,
            reference=target.reference,
            reason=str(error.get("decline_code") or error.get("code") or "payment_failed")[:100],
            occurred_at=occurred_at,
            ids=StripeIds(
                event_id=event_id,
                payment_intent_id=obj.get("id") or "",
                customer_id=mapping.object_id(obj.get("customer")),
            ),
            attempt_declined=True,
        )
        return dispatch.dispatch(value), target

    if event_type in mapping.SUBSCRIPTION_EVENTS:
        subscription = mapping.fresh_subscription(obj)
        target = mapping.target_from_metadata(subscription.get("metadata")) or mapping.link_target(
            subscription_id=subscription.get("id")
        )
        if not _ours(target):
            return False, target
        deleted = event_type == "customer.subscription.deleted" or subscription.get("status") in (
            "canceled",
            "incomplete_expired",
        )
        value = SubscriptionUpdated(
            kind=target.kind,
            reference=target.reference,
            status=str(subscription.get("status") or ""),
            cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
            current_period_end=mapping.subscription_current_period_end(subscription),
            occurred_at=occurred_at,
            ids=StripeIds(
                event_id=event_id,
                customer_id=mapping.object_id(subscription.get("customer")),
                subscription_id=subscription.get("id") or "",
            ),
            deleted=deleted,
        )
        return dispatch.dispatch(value), target

    if event_type == "charge.refunded" or event_type in mapping.REFUND_EVENTS:
        if event_type == "charge.refunded":
            refunds = mapping.refunds_of_charge(obj)
            charge_target = mapping.target_from_metadata(obj.get("metadata"))
        else:
            refunds = [mapping.fresh_refund(obj)]
            charge_target = None
        applied, target = False, None
        for refund in refunds:
            target = charge_target or mapping.refund_target(
                {**refund, "payment_intent": refund.get("payment_intent") or obj.get("payment_intent")}
            )
            if not _ours(target):
                continue
            value = mapping.refund_value(refund, target=target, event_id=event_id, occurred_at=occurred_at)
            applied = dispatch.dispatch(value) or applied
        return applied, target

    if event_type in mapping.DISPUTE_PHASES:
        target = mapping.dispute_target(obj)
        if not _ours(target):
            return False, target
        phase = mapping.DISPUTE_PHASES[event_type]
        currency = obj.get("currency") or "usd"
        value = DisputeUpdated(
            kind=target.kind,
            reference=target.reference,
            dispute_id=obj["id"],
            phase=phase,
            amount=from_minor_units(int(obj.get("amount") or 0), currency),
            fee=mapping.dispute_fee(obj, phase),
            status=str(obj.get("status") or ""),
            occurred_at=occurred_at,
            ids=StripeIds(
                event_id=event_id,
                payment_intent_id=mapping.object_id(obj.get("payment_intent")),
                charge_id=mapping.object_id(obj.get("charge")),
            ),
        )
        return dispatch.dispatch(value), target

    if event_type in mapping.INVOICE_STATES:
        target = mapping.invoice_target(obj)
        if not _ours(target):
            return False, target
        value = InvoiceUpdated(
            kind=target.kind,
            reference=target.reference,
            state=mapping.INVOICE_STATES[event_type],
            occurred_at=occurred_at,
            ids=StripeIds(
                event_id=event_id,
                customer_id=mapping.object_id(obj.get("customer")),
                invoice_id=obj.get("id") or "",
            ),
            hosted_invoice_url=obj.get("hosted_invoice_url") or "",
        )
        return dispatch.dispatch(value), target

    raise EventNotMapped(f"{event_type} is listed as handled but has no mapping ({ids.event_id})")
