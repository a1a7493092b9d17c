"""Recompute every settled payment's legs from what its order or gift stored and the rule versions
in force, compare them with what the ledger booked, and exit non-zero on any difference."""

from django.core.management.base import BaseCommand, CommandError

from ledger.audit import ledger_audit

from ._dates import parse_date


class Command(BaseCommand):
    help = (
        "Check that every order, gift and refund booked exactly the legs its stored snapshot and the "
        "rule versions in force give; prints each difference and fails when there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only payments settled on or after this date (YYYY-MM-DD)")

    def handle(self, *args, since=None, **options):
        checked, differences = ledger_audit(since=parse_date(since))
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(
                f"{len(differences)} difference(s) in {checked} source(s) checked. "
                "Postings the old labour double counting inflated can be repaired with ledger_repair."
            )
        self.stdout.write(self.style.SUCCESS(f"Ledger audit clean: {checked} source(s) checked."))
