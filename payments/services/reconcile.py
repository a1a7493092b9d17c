"""Reconciliation: list recent events from Stripe and apply any that never arrived (or never succeeded)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from payments import client as stripe_access
from payments import selectors
from payments.models import StripeEvent
from payments.services.event_types import HANDLED_TYPES
from payments.services.events import Outcome, stripe_event_process, stripe_event_record

logger = logging.getLogger(__name__)
# Stripe keeps events for 30 days and filters by at most 20 types per request.
MAX_TYPES_FILTER = 20


@dataclass
class ReconcileReport:
    listed: int = 0
    missing: list[str] = field(default_factory=list)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    @property
    def failed(self) -> list[str]:
        return [event_id for event_id, outcome in self.outcomes.items() if outcome == Outcome.FAILED]


def stripe_events_list(*, since: dt.datetime) -> list[dict]:
    """Events Stripe has sent since `since`, oldest first (only the types this project handles)."""
    types = sorted(HANDLED_TYPES)
    client = stripe_access.stripe_client()
    events: dict[str, dict] = {}
    # More handled types than one filter takes: one listing per group of at most 20 types.
    for start in range(0, len(types), MAX_TYPES_FILTER):
        params: dict = {
            "created": {"gte": int(since.timestamp())},
            "limit": 100,
            "types": types[start : start + MAX_TYPES_FILTER],
        }
        listing = client.v1.events.list(params=params)
        # Back to the wire format: the library turns *_decimal strings into Decimal, which JSON cannot store.
        for event in listing.auto_paging_iter():
            wire = json.loads(json.dumps(event.to_dict(), default=str))
            events[wire["id"]] = wire
    return sorted(events.values(), key=lambda event: (event.get("created") or 0, event["id"]))


def stripe_events_reconcile(*, since: dt.datetime, dry_run: bool = False) -> ReconcileReport:
    if not stripe_access.stripe_configured():
        raise RuntimeError(
            "Reconciliation needs STRIPE_SECRET_KEY (the demo gateway has nothing to reconcile)"
        )
    events = stripe_events_list(since=since)
    report = ReconcileReport(listed=len(events))
    known = selectors.stripe_event_ids_known([event["id"] for event in events])
    pending = {
        event.event_id
        for event in StripeEvent.objects.filter(event_id__in=known).exclude(
            status=StripeEvent.Status.PROCESSED
        )
        if not event.is_done
    }
    for event in events:
        event_id = event["id"]
        if event_id in known and event_id not in pending:
            continue
        report.missing.append(event_id)
        if dry_run:
            continue
        if event_id in known:
            report.outcomes[event_id] = stripe_event_process(event_id=event_id)
        else:
            # Listed by the API with our secret key: as authentic as a signed delivery.
            report.outcomes[event_id] = stripe_event_record(event=event, source=StripeEvent.Source.RECONCILE)
    if report.missing:
        logger.warning(
            "payments: reconciliation found %s event(s) never applied (%s failed now)",
            len(report.missing),
            len(report.failed),
        )
    return report
