"""Webhook ingestion benchmark: verified events per second end to end (verify, store, dispatch, post).

    python bench/bench_webhook.py                 # SQLite, plus PostgreSQL when DATABASE_URL points at it
    python bench/bench_webhook.py --events 2000   # more events

Each backend runs in its own process on a throwaway test database (created without migrations, then
dropped). Events are signed for real; 10 % are redeliveries of earlier events (Stripe retries); the
handler writes one row per settled payment, like a domain posting. Half the settled events are
`checkout.session.completed`, the rest `invoice.paid` (a monthly renewal); the fee of each is read
from a local Stripe double (bench/load/stripe_double.py) through the real stripe library. Prints throughput, latency
percentiles and queries per event; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_bench_secret"
TABLE = "bench_webhook_effect"


class BenchHandler:
    """Writes one row per settled payment, as a domain handler's posting would."""

    def payment_settled(self, value):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (reference, amount) VALUES (%s, %s)",
                [value.reference, str(value.amount_total.amount)],
            )

    def checkout_expired(self, value):
        return None


handler = BenchHandler()


def signed(body: str) -> str:
    timestamp = int(time.time())
    signature = hmac.new(SECRET.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def build_events(count: int, rng: random.Random) -> list[str]:
    bodies = []
    for index in range(count):
        kind = rng.random()
        session = {
            "id": f"cs_bench_{index}",
            "object": "checkout.session",
            "mode": "payment",
            "status": "complete",
            "payment_status": "paid",
            "currency": "usd",
            "amount_total": rng.randint(500, 50_000),
            "amount_subtotal": 0,
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "customer_details": {"email": f"donor{index}@example.org", "name": "Bench Donor"},
            "metadata": {"kind": "bench", "reference": f"B-{index}"},
            "payment_intent": f"pi_bench_{index}",
        }
        if kind < 0.5:
            event_type = "checkout.session.completed"
        elif kind < 0.8:
            # A monthly gift's renewal: Stripe's invoice, paid through a PaymentIntent.
            event_type = "invoice.paid"
            session = {
                "id": f"in_bench_{index}",
                "object": "invoice",
                "billing_reason": "subscription_cycle",
                "status": "paid",
                "currency": "usd",
                "amount_paid": rng.randint(500, 50_000),
                "subtotal": 0,
                "amount_shipping": 0,
                "customer": f"cus_bench_{index % 50}",
                "metadata": {"kind": "bench", "reference": f"R-{index}"},
                "parent": {
                    "subscription_details": {"subscription": f"sub_bench_{index % 50}", "metadata": {}}
                },
                "payments": {
                    "data": [{"payment": {"type": "payment_intent", "payment_intent": f"pi_bench_{index}"}}]
                },
            }
        elif kind < 0.9:
            event_type = "checkout.session.expired"
            session.update(status="expired", payment_status="unpaid")
        else:
            event_type = "customer.created"  # nobody handles it: stored, answered 200
        event = {
            "id": f"evt_bench_{index}",
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "type": event_type,
            "data": {"object": session},
        }
        bodies.append(json.dumps(event))
    # 10 % duplicates: Stripe redelivering events already received.
    duplicates = [rng.choice(bodies) for _ in range(count // 9)]
    stream = bodies + duplicates
    rng.shuffle(stream)
    return stream


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_backend(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from payments.models import StripeEvent

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    test_settings["MIGRATE"] = False
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # A file, as in production (WAL, IMMEDIATE transactions), not the in-memory test default.
        test_settings["NAME"] = str(Path(tempfile.gettempdir()) / f"bench_webhook_{os.getpid()}.sqlite3")
    else:
        # Never the test database a pytest run may be using.
        test_settings["NAME"] = f"bench_webhook_{os.getpid()}"
    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        sys.path.insert(0, str(ROOT))
        from bench.load import stripe_double

        double = stripe_double.start()
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{double.server_port}"
        settings.STRIPE_SECRET_KEY = "sk_test_bench"
        settings.STRIPE_WEBHOOK_SECRET = SECRET
        settings.PAYMENTS_HANDLERS = {"bench": "__main__.handler"}
        settings.LOGGING_CONFIG = None
        import logging

        logging.disable(logging.WARNING)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {TABLE} (reference varchar(100), amount varchar(30))")
        bodies = build_events(count, random.Random(7))
        client = Client()
        latencies = []
        statuses: dict[int, int] = {}
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for body in bodies:
                begin = time.perf_counter()
                response = client.post(
                    "/stripe/webhook/",
                    data=body,
                    content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=signed(body),
                )
                latencies.append((time.perf_counter() - begin) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            elapsed = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
            postings = cursor.fetchone()[0]
        vendor = connection.vendor
        print(f"\n== webhook ingestion on {vendor} ({len(bodies)} deliveries, {count} distinct events) ==")
        print(f"throughput      {len(bodies) / elapsed:8.1f} deliveries/s")
        print(
            f"latency ms      p50 {statistics.median(latencies):.2f}  p95 {percentile(latencies, 0.95):.2f}"
            f"  p99 {percentile(latencies, 0.99):.2f}  max {max(latencies):.2f}"
        )
        print(f"queries         {len(queries.captured_queries) / len(bodies):.1f} per delivery")
        print(f"responses       {dict(sorted(statuses.items()))}")
        print(
            f"stored events   {StripeEvent.objects.count()}  (settled postings written: {postings}, "
            f"expected {sum(1 for b in set(bodies) if 'session.completed' in b or 'invoice.paid' in b)}: "
            "each settled event once, whatever the redeliveries)"
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=400, help="distinct events per backend (default 400)")
    parser.add_argument("--backend-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend_only:
        run_backend(args.events)
        return
    backends = [("SQLite", {k: v for k, v in os.environ.items() if k != "DATABASE_URL"})]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append(("PostgreSQL", dict(os.environ)))
    else:
        print("(set DATABASE_URL=postgres://... to benchmark PostgreSQL as well)")
    for _name, env in backends:
        subprocess.run(
            [sys.executable, __file__, "--backend-only", "--events", str(args.events)],
            env=env,
            check=True,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
