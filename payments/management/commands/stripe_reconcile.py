"""List recent events from Stripe and apply any this site never received or never finished."""

from django.core.management.base import BaseCommand, CommandError

from payments import client as stripe_access
from payments.management.commands._since import parse_since
from payments.services.reconcile import stripe_events_reconcile


class Command(BaseCommand):
    help = "Fetch Stripe events since --since (Stripe keeps 30 days) and apply the ones missing here."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="2026-11-01, an ISO datetime, or 48h / 7d")
        parser.add_argument("--dry-run", action="store_true", help="only list what is missing")

    def handle(self, *args, since, dry_run, **options):
        if not stripe_access.stripe_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set: the demo gateway has nothing to reconcile.")
        report = stripe_events_reconcile(since=parse_since(since), dry_run=dry_run)
        self.stdout.write(
            f"Stripe listed {report.listed} event(s); {len(report.missing)} missing or unfinished here."
        )
        for event_id in report.missing:
            outcome = report.outcomes.get(event_id, "would apply")
            self.stdout.write(f"  {event_id}: {outcome}")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} event(s) failed; see the Stripe events inbox in the admin."
            )
