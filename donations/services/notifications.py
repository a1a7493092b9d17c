"""Staff alerts from donations (emails to donors are in donations.emails, queued by donations.tasks)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def decline_note() -> None:
    """Count a declined or failed payment; when they spike inside one window, alert staff once.

    Card testers show up as bursts of declines; a normal day has a handful."""
    window = settings.DONATIONS_DECLINE_WINDOW_SECONDS
    threshold = settings.DONATIONS_DECLINE_ALERT_THRESHOLD
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
