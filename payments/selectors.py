"""payments selectors: every non-trivial read."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from payments.models import CheckoutLink, StripeEvent


def stripe_event_type_choices() -> list[tuple[str, str]]:
    types = StripeEvent.objects.order_by("type").values_list("type", flat=True).distinct()
    return [(event_type, event_type) for event_type in types]


def stripe_events_to_replay(*, since: dt.datetime | None = None, include_ignored: bool = False):
    """Stored events that have not succeeded (oldest first), for `stripe_replay_events`."""
    statuses = [StripeEvent.Status.FAILED, StripeEvent.Status.RECEIVED]
    if include_ignored:
        statuses.append(StripeEvent.Status.IGNORED)
    events = StripeEvent.objects.filter(status__in=statuses)
    if since is not None:
        events = events.filter(received_at__gte=since)
    return events.order_by("stripe_created_at", "id")


def stripe_event_ids_known(event_ids: list[str]) -> set[str]:
    return set(StripeEvent.objects.filter(event_id__in=event_ids).values_list("event_id", flat=True))


def checkout_link_for(*, kind: str, reference: str) -> CheckoutLink | None:
    """The checkout that paid for a domain object, else its most recent one."""
    return (
        CheckoutLink.objects.filter(kind=kind, reference=reference)
        .order_by(F("settled_at").desc(nulls_last=True), "-created_at", "-id")
        .first()
    )


def stripe_events_failed():
    """Events whose handling failed and that Stripe (or a replay) has not yet got through."""
    return StripeEvent.objects.filter(status=StripeEvent.Status.FAILED).order_by("-stripe_created_at")
