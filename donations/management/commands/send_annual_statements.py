"""Email each donor a PDF statement of the year's receipted gifts. Safe to re-run: a donor already
sent that year's statement is skipped unless --resend."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from donations.selectors import statement_donors
from donations.services import annual_statement_send


class Command(BaseCommand):
    help = "Email annual giving statements (PDF) for a tax year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--resend", action="store_true", help="Send again to donors already sent one.")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args, year, resend, dry_run, **options):
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"--year must be between 2000 and {timezone.localdate().year}.")
        donors = statement_donors(year=year)
        total = donors.count()
        sent = skipped = failed = 0
        for index, donor in enumerate(donors.iterator(), start=1):
            if dry_run:
                skipped += 1
            else:
                try:
                    if annual_statement_send(donor=donor, year=year, resend=resend):
                        sent += 1
                    else:
                        skipped += 1
                except Exception as error:  # one bad address must not stop the run
                    failed += 1
                    self.stderr.write(f"Donor {donor.pk}: {type(error).__name__}: {error}")
            if index % 50 == 0 or index == total:
                self.stdout.write(f"{index}/{total} donors processed")
        self.stdout.write(
            self.style.SUCCESS(f"{year}: {sent} statements sent, {skipped} skipped, {failed} failed.")
        )
