"""Keep the event inbox from becoming a second customer database."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from payments.models import StripeEvent


@transaction.atomic
def stripe_events_prune(*, older_than: dt.timedelta, dry_run: bool = False) -> int:
    """Delete processed and ignored events received before now - older_than; failed ones are kept."""
    cutoff = timezone.now() - older_than
    events = StripeEvent.objects.filter(
        received_at__lt=cutoff, status__in=[StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED]
    )
    count = events.count()
    if not dry_run:
        events.delete()
    return count
