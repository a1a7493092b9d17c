"""Recompute the running fund balances from the entries and prove they agree (exit non-zero on any
difference); --rebuild writes them again from the entries first."""

from django.core.management.base import BaseCommand, CommandError

from ledger import selectors, services


class Command(BaseCommand):
    help = (
        "Check that the running fund balances behind the fund totals and reports equal the sums of "
        "the ledger entries, key by key; prints each difference and fails when there is any. "
        "--rebuild rewrites the balances from the entries (after a bulk import) and then checks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="rewrite every balance row from the entries, then check"
        )

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            rows = services.fund_balances_rebuild()
            self.stdout.write(f"Rebuilt {rows} balance row(s) from the entries.")
        checked, differences = selectors.balance_differences()
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(
                f"{len(differences)} of {checked} fund balance row(s) disagree with the entries. "
                "Run ledger_balances_check --rebuild to rewrite them from the entries."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Fund balances agree with the entries: {checked} row(s) checked.")
        )
