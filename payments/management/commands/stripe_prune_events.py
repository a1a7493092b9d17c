"""Delete old processed Stripe events: their payloads hold customers' names, emails and addresses."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from payments.services.retention import stripe_events_prune


class Command(BaseCommand):
    help = "Delete processed/ignored Stripe events older than --days (default 400). Failed events are kept."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=400)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        if days < 35:
            # Stripe retries for three days and lists events for thirty: keep at least that long.
            raise CommandError(
                "--days must be at least 35, so duplicates and reconciliation still recognise them"
            )
        count = stripe_events_prune(older_than=dt.timedelta(days=days), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} processed event(s) older than {days} days.")
