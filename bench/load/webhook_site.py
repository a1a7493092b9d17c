"""The webhook benchmark's site: the production settings, plus one handler kind, "bench".

    DJANGO_SETTINGS_MODULE=bench.load.webhook_site gunicorn config.wsgi:application

Everything is `config.settings.production` (DEBUG off, persistent connections, the shared cache);
only `PAYMENTS_HANDLERS` gains the "bench" kind, whose handler writes one row per settled payment
inside the webhook's transaction, as a domain's posting does, so the benchmark can count effects.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import PAYMENTS_HANDLERS

EFFECT_TABLE = "bench_webhook_effect"
PAYMENTS_HANDLERS = {**PAYMENTS_HANDLERS, "bench": "bench.load.webhook_site.handler"}


class BenchHandler:
    """One row per settled payment (reference, amount, fee): a duplicate effect shows as a repeated reference."""

    def payment_settled(self, value):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {EFFECT_TABLE} (reference, amount, fee) VALUES (%s, %s, %s)",
                [value.reference, str(value.amount_total.amount), str(value.fee.amount if value.fee else "")],
            )

    def checkout_expired(self, value):
        return None


handler = BenchHandler()
