"""Return the stock of unpaid orders whose reservation lapsed. Run it every few minutes (cron or a task)."""

from django.core.management.base import BaseCommand

from shop.services import orders_release_expired


class Command(BaseCommand):
    help = "Expire unpaid orders whose stock reservation lapsed and return their stock."

    def handle(self, *args, **options):
        released = orders_release_expired()
        self.stdout.write(f"released {released} reservation(s)")
