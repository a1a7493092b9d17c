"""Staff alerts. Emails name events and error types only: payloads stay in the admin."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from core.site_url import site_url
from payments.models import StripeEvent

logger = logging.getLogger(__name__)
# Stripe retries for about three days; tell staff at the first failure and once more if it persists.
ALERT_AT_ATTEMPTS = (1, 5)


def event_failure_alert_send(*, event: StripeEvent, error_type: str) -> None:
    recipients = list(settings.STAFF_ALERT_EMAILS)
    if not recipients or event.attempts not in ALERT_AT_ATTEMPTS:
        return
    admin_url = site_url(reverse("stripe_events:inspect", args=[event.pk]))
    context = {"event": event, "error_type": error_type, "admin_url": admin_url}
    subject = f"Payments: Stripe event {event.type} failed (attempt {event.attempts})"
    try:
        send_mail(
            subject,
            render_to_string("payments/email/event_failed.txt", context),
            None,
            recipients,
            html_message=render_to_string("payments/email/event_failed.html", context),
        )
    except Exception:  # an alert must never turn a recorded failure into a lost one
        logger.exception("payments: could not email the failure alert for %s", event.event_id)
