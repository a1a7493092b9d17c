"""Apply stored Stripe events that failed (or were never finished) again, oldest first."""

from django.core.management.base import BaseCommand, CommandError

from payments import selectors
from payments.management.commands._since import parse_since
from payments.models import StripeEvent
from payments.services import Outcome, stripe_event_process


class Command(BaseCommand):
    help = "Replay stored Stripe events that have not been processed (failed or interrupted)."

    def add_arguments(self, parser):
        parser.add_argument("event_ids", nargs="*", help="replay only these event ids (evt_...)")
        parser.add_argument("--since", help="only events received since (2026-11-01, 48h, 7d)")
        parser.add_argument(
            "--include-ignored",
            action="store_true",
            help="also events ignored earlier (e.g. a handler added since)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only list what would be replayed")

    def handle(self, *args, event_ids, since, include_ignored, dry_run, **options):
        if event_ids:
            found = set(StripeEvent.objects.filter(event_id__in=event_ids).values_list("event_id", flat=True))
            unknown = sorted(set(event_ids) - found)
            if unknown:
                raise CommandError(f"Not in the inbox: {', '.join(unknown)}")
            targets = list(event_ids)
        else:
            events = selectors.stripe_events_to_replay(
                since=parse_since(since) if since else None, include_ignored=include_ignored
            )
            targets = list(events.values_list("event_id", flat=True))
        if not targets:
            self.stdout.write("Nothing to replay.")
            return
        failed = 0
        for event_id in targets:
            if dry_run:
                self.stdout.write(f"  {event_id}: would replay")
                continue
            outcome = stripe_event_process(event_id=event_id)
            failed += outcome == Outcome.FAILED
            self.stdout.write(f"  {event_id}: {outcome}")
        if failed:
            raise CommandError(f"{failed} event(s) failed again; the error is stored on each event.")
        self.stdout.write(self.style.SUCCESS(f"Replayed {len(targets)} event(s)."))
