"""Queue due shift reminders and pass lapsed waitlist offers on. Idempotent: run it hourly (cron)."""

from django.core.management.base import BaseCommand

from community.services import shift_offers_expire_due, shift_reminders_enqueue


class Command(BaseCommand):
    help = "Queue reminders for shifts starting within COMMUNITY_REMINDER_HOURS and expire lapsed offers."

    def handle(self, *args, **options):
        shifts = shift_offers_expire_due()
        queued = shift_reminders_enqueue()
        self.stdout.write(f"{queued} reminder(s) queued; lapsed offers passed on in {shifts} shift(s)")
