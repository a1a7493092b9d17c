"""Emails leave only after the transaction commits, through the tasks backend."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.mail import enqueue_on_commit
from donations import tasks

logger = logging.getLogger(__name__)


def receipt_email_on_commit(*, receipt_id: int, to: str = "") -> None:
    enqueue_on_commit(tasks.receipt_email_send, receipt_id=receipt_id, to=to)


def ecard_send_on_commit(*, donation_id: int) -> None:
    enqueue_on_commit(tasks.ecard_send, donation_id=donation_id)


def past_due_email_on_commit(*, recurring_id: int) -> None:
    enqueue_on_commit(tasks.past_due_email_send, recurring_id=recurring_id)


def recurring_ended_email_on_commit(*, recurring_id: int) -> None:
    enqueue_on_commit(tasks.recurring_ended_email_send, recurring_id=recurring_id)


def decline_note() -> None:
    """Count a declined or failed payment; when they spike inside one window, alert staff once.

    Card testers show up as bursts of declines; a normal day has a handful."""
    window = int(getattr(settings, "DONATIONS_DECLINE_WINDOW_SECONDS", 900))
    threshold = int(getattr(settings, "DONATIONS_DECLINE_ALERT_THRESHOLD", 10))
    bucket = int(timezone.now().timestamp()) // window
    key = f"donations:declines:{bucket}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window * 2)
        count = 1
    if count == threshold:
        logger.warning("Donation declines spiked: %s in %s minutes", count, window // 60)
        message = (
            f"{count} donation payments were declined or failed in the last {window // 60} minutes.\n"
            "This can be card testing. Review recent gifts in the admin and consider lowering the "
            "rate limits (DONATIONS_RATE_LIMIT_IP / DONATIONS_RATE_LIMIT_EMAIL)."
        )
        transaction.on_commit(
            lambda: send_mail(
                "Alert: donation declines are spiking",
                message,
                settings.DEFAULT_FROM_EMAIL,
                list(settings.STAFF_ALERT_EMAILS),
                fail_silently=True,
            )
        )
