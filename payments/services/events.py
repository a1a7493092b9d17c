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

from core.statements import Statement
from payments import client as stripe_access
from payments import mapping
from payments.models import StripeEvent
from payments.notifications import event_failure_alert_send
from payments.services.event_types import event_apply, event_prefetch

logger = logging.getLogger("payments.webhooks")

MAX_ERROR_LENGTH = 2000
DONE = (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED)
# Asked of every delivery before anything else: compiled once (core/statements.py).
_DONE_EVENT = Statement(
    lambda event_id: StripeEvent.objects.filter(event_id=event_id, status__in=DONE).values_list("pk")[:1],
    event_id=StripeEvent._meta.get_field("event_id"),
)


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
    # What stripe.Webhook.construct_event does, less building a StripeObject tree that nothing
    # reads: Stripe's own signature check (scheme v1, any of several signatures, the tolerance),
    # then the body parsed once.
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected(f"signature verification failed: {exc.user_message or 'invalid'}") from exc
    # Stripe's library checks only the past; a timestamp from the future beyond the same skew is
    # as suspect as an old one (a replay window opened in advance).
    signed_at = _signature_timestamp(signature)
    if signed_at is None or signed_at > time.time() + tolerance:
        raise WebhookRejected("signature timestamp is in the future")
    try:
        event = json.loads(payload)
    except ValueError as exc:  # valid signature over a body that is not an event
        raise WebhookRejected("body is not a Stripe event") from exc
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
    if _DONE_EVENT.first(event_id=str(event["id"])) is not None:
        return Outcome.DUPLICATE
    with mapping.stripe_reads_cached():
        event_prefetch(event)
        return _record(event=event, source=source)


def _record(*, event: dict, source: str) -> Outcome:
    """Insert the event and apply it in one transaction; the unique event id is the dedupe.

    A second delivery of the same id (one after the other, or at the same moment in another
    worker, whose insert this one waits for) fails the insert, and the whole transaction with it;
    the stored row is then locked and only applied if it has not succeeded yet.
    """
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
                attempts=1,
            )
            return _apply_locked(row)
    except _ApplyFailed as failed:
        return _failure_record(event=event, source=source, error=failed.error)
    except IntegrityError:
        # Delivered before (or right now in another worker): done (processed or ignored) is done.
        return _process_stored(event_id=event["id"], done=DONE)


def stripe_event_process(*, event_id: str) -> Outcome:
    """Apply a stored event that has not succeeded yet (replay). A processed event is left alone."""
    stored = StripeEvent.objects.filter(event_id=event_id).values_list("payload", flat=True).first()
    with mapping.stripe_reads_cached():
        if stored is not None:
            event_prefetch(stored)
        return _process_stored(event_id=event_id, done=(StripeEvent.Status.PROCESSED,))


def _process_stored(*, event_id: str, done: tuple[str, ...]) -> Outcome:
    """Lock a stored event and apply it unless its status is in `done` (a replay applies an ignored
    event again: its kind may have a handler now)."""
    try:
        with transaction.atomic():
            row = StripeEvent.objects.select_for_update().get(event_id=event_id)
            if row.status in done:
                return Outcome.DUPLICATE
            row.attempts += 1
            return _apply_locked(row)
    except _ApplyFailed as failed:
        return _failure_record(event=row.payload, source=row.source, error=failed.error)


class _ApplyFailed(Exception):
    """A handler raised: the event's transaction is rolled back whole, then the failure is recorded."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]


def _apply_locked(row: StripeEvent) -> Outcome:
    """Apply the locked (or just inserted) event and mark it done, inside the caller's transaction.

    No savepoint around the handlers: when one raises, the caller's transaction rolls back whole
    (every effect with it) and `_failure_record` writes the failure in a transaction of its own.
    """
    try:
        applied, target = event_apply(row.payload)
    except Exception as exc:
        raise _ApplyFailed(exc) from exc
    if target is not None:
        row.kind, row.reference = target.kind[:50], target.reference[:100]
    row.status = StripeEvent.Status.PROCESSED if applied else StripeEvent.Status.IGNORED
    row.last_error = ""
    row.processed_at = timezone.now()
    row.save(update_fields=["status", "last_error", "attempts", "processed_at", "kind", "reference"])
    return Outcome.PROCESSED if applied else Outcome.IGNORED


def _failure_record(*, event: dict, source: str, error: BaseException) -> Outcome:
    """Record a failed attempt (stored as received if it was never stored), so Stripe's retry or a
    replay applies it; a row another delivery has processed meanwhile is left as it is."""
    with transaction.atomic():
        row, _ = StripeEvent.objects.select_for_update().get_or_create(
            event_id=event["id"],
            defaults={
                "type": str(event["type"])[:100],
                "livemode": bool(event.get("livemode")),
                "api_version": str(event.get("api_version") or "")[:50],
                "stripe_created_at": mapping.timestamp(event.get("created")) or timezone.now(),
                "payload": event,
                "source": source,
            },
        )
        if row.status == StripeEvent.Status.PROCESSED:
            return Outcome.DUPLICATE
        row.attempts += 1
        row.status = StripeEvent.Status.FAILED
        row.last_error = _describe(error)
        metadata_target = mapping.target_from_metadata(
            ((row.payload.get("data") or {}).get("object") or {}).get("metadata")
        )
        if metadata_target is not None:
            row.kind, row.reference = metadata_target.kind[:50], metadata_target.reference[:100]
        row.save(update_fields=["status", "last_error", "attempts", "kind", "reference"])
        error_type = type(error).__name__
        transaction.on_commit(lambda: event_failure_alert_send(event=row, error_type=error_type))
    logger.warning(
        "payments: event %s (%s) failed on attempt %s: %s",
        row.event_id,
        row.type,
        row.attempts,
        error_type,
    )
    return Outcome.FAILED
