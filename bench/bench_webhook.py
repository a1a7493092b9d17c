"""Webhook ingestion benchmark: verified events per second end to end (verify, store, dispatch, post).

    python bench/bench_webhook.py                 # SQLite, plus PostgreSQL when DATABASE_URL points at it
    python bench/bench_webhook.py --events 2000 --workers 5 --concurrency 10 --port-base 9411

Served as a deploy serves it: gunicorn (sync workers, `--workers`, default 5 = 2 x cores + 1, gunicorn's
own advice) with the production settings (`bench/load/webhook_site.py`: config.settings.production,
DEBUG off, persistent connections) on a throwaway database (PostgreSQL: `<DATABASE_URL's name>_bench_webhook`;
SQLite: a file in WAL mode), created without migrations and dropped at the end. The Stripe double
(bench/load/stripe_double.py) runs as its own process; the fee of every settled event is read from it
through the real stripe library.

The driver is `--concurrency` processes, each posting its own disjoint share of one stream of
deliveries, each signed for real when it is sent: half the distinct events are
`checkout.session.completed`, 30 % `invoice.paid` (a monthly renewal), 10 % `checkout.session.expired`
and 10 % a type nobody handles, plus 10 % redeliveries of earlier events (which may land at the same
moment as the first delivery, in another worker). The handler (kind "bench") writes one row per
settled payment inside the webhook's transaction; the run counts stored events and settled effects
against the distinct events: no duplicate effect.

Baseline, same driver and workers, the same minute: the bare Django view (bench/peers/bare.py)
answering the same signed POSTs, so `÷ bare` compares across machines. Prints throughput, p50/p99,
the workers' CPU per delivery, Stripe calls and SQL queries per delivery (queries counted in-process
on a separate batch of the same mix); asserts nothing about time.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load.servers import Server, processes_cpu_seconds  # noqa: E402

SECRET = "whsec_bench_secret"
API_VERSION = "2026-10-28.endive"
SETTLING = ("checkout.session.completed", "invoice.paid")


# --- The deliveries ---------------------------------------------------------------------------------


def signed(body: str) -> str:
    timestamp = int(time.time())
    signature = hmac.new(SECRET.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def build_event(index: int, rng: random.Random, prefix: str) -> tuple[str, str]:
    """(event type, JSON body) of one distinct event."""
    kind = rng.random()
    obj = {
        "id": f"cs_{prefix}_{index}",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "currency": "usd",
        "amount_total": rng.randint(500, 50_000),
        "amount_subtotal": 0,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "customer_details": {"email": f"donor{index}@example.org", "name": "Bench Donor"},
        "metadata": {"kind": "bench", "reference": f"{prefix}-B-{index}"},
        "payment_intent": f"pi_{prefix}_{index}",
    }
    if kind < 0.5:
        event_type = "checkout.session.completed"
    elif kind < 0.8:
        # A monthly gift's renewal: Stripe's invoice, paid through a PaymentIntent.
        event_type = "invoice.paid"
        obj = {
            "id": f"in_{prefix}_{index}",
            "object": "invoice",
            "billing_reason": "subscription_cycle",
            "status": "paid",
            "currency": "usd",
            "amount_paid": rng.randint(500, 50_000),
            "subtotal": 0,
            "amount_shipping": 0,
            "customer": f"cus_{prefix}_{index % 50}",
            "metadata": {"kind": "bench", "reference": f"{prefix}-R-{index}"},
            "parent": {
                "subscription_details": {"subscription": f"sub_{prefix}_{index % 50}", "metadata": {}}
            },
            "payments": {
                "data": [{"payment": {"type": "payment_intent", "payment_intent": f"pi_{prefix}_{index}"}}]
            },
        }
    elif kind < 0.9:
        event_type = "checkout.session.expired"
        obj.update(status="expired", payment_status="unpaid")
    else:
        event_type = "customer.created"  # nobody handles it: stored, answered 200
    event = {
        "id": f"evt_{prefix}_{index}",
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }
    return event_type, json.dumps(event)


def build_stream(count: int, rng: random.Random, prefix: str) -> tuple[list[str], int]:
    """Deliveries in arrival order (10 % redeliveries, each after its first delivery) and the number
    of distinct settling events among them."""
    events = [build_event(index, rng, prefix) for index in range(count)]
    stream = [body for _, body in events]
    for _ in range(count // 9):
        original = rng.randrange(len(stream))
        stream.insert(rng.randint(original + 1, len(stream)), stream[original])
    return stream, sum(1 for event_type, _ in events if event_type in SETTLING)


# --- The driver -------------------------------------------------------------------------------------


def _post_all(port: int, path: str, bodies: list[str], start_at: float, results) -> None:
    """One driver process: POST each body in turn (gunicorn's sync workers close every connection)."""
    latencies, statuses = [], {}
    while time.time() < start_at:
        time.sleep(0.001)
    for body in bodies:
        data = body.encode()
        begin = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            path,
            body=data,
            headers={"Content-Type": "application/json", "Stripe-Signature": signed(body)},
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        latencies.append((time.perf_counter() - begin) * 1000)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    results.put((latencies, statuses, time.time()))


def drive(port: int, path: str, stream: list[str], concurrency: int) -> dict:
    """Post the stream with `concurrency` processes, each a disjoint share; throughput over the wall clock."""
    results = multiprocessing.Queue()
    start_at = time.time() + 0.5
    shares = [stream[index::concurrency] for index in range(concurrency)]
    processes = [
        multiprocessing.Process(target=_post_all, args=(port, path, share, start_at, results))
        for share in shares
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = [value for share, _, _ in collected for value in share]
    statuses: dict[int, int] = {}
    for _, share, _ in collected:
        for status, number in share.items():
            statuses[status] = statuses.get(status, 0) + number
    elapsed = max(finished for _, _, finished in collected) - start_at
    ordered = sorted(latencies)
    return {
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "statuses": dict(sorted(statuses.items())),
        "elapsed": elapsed,
    }


# --- The servers and the database -------------------------------------------------------------------


def _others_cpu_seconds(double_pid: int) -> dict[str, float]:
    """CPU seconds so far of what shares the cores with the site: PostgreSQL's processes, the
    Stripe double, and the senders (this process's finished children: `drive` joins them)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "PostgreSQL": processes_cpu_seconds(command="postgres"),
        "Stripe double": processes_cpu_seconds(pids={double_pid}),
        "senders": children.ru_utime + children.ru_stime,
    }


def _wait_answering(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answered (a 405 for GET on the webhook is an answer)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


def _stripe_requests(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_bench/requests", timeout=5) as response:
        return json.loads(response.read())["requests"]


def site_env(database_url: str, double_port: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "STRIPE_", "CACHE_", "TASKS_", "PAYMENTS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load.webhook_site",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_WEBHOOK_SECRET=SECRET,
        STRIPE_API_BASE=f"http://127.0.0.1:{double_port}",
        BENCH_DIR=tempfile.gettempdir(),
    )
    return env


def bench_database_url(database_url: str) -> str:
    """The throwaway database: `<name>_bench_webhook` on the same PostgreSQL server, or a SQLite file."""
    if not database_url.startswith("postgres"):
        return f"sqlite:///{Path(tempfile.gettempdir()) / f'bench_webhook_{os.getpid()}.sqlite3'}"
    parts = urllib.parse.urlsplit(database_url)
    name = (parts.path.lstrip("/") or "postgres") + "_bench_webhook"
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _child(role: str, env: dict, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, __file__, f"--{role}", *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{role} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def _setup_django():
    import django

    django.setup()
    from django.db import connection

    return connection


def prepare_database(links: str) -> None:
    """Create the bench database (every table, without running migrations), the effect table, and
    the CheckoutLinks that starting each Checkout Session would have stored (`links`: prefix:count,...)."""
    import logging

    logging.disable(logging.WARNING)
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = database["NAME"]
    database.setdefault("TEST", {}).update(NAME=str(name), MIGRATE=False)
    connection = _setup_django()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    from bench.load.webhook_site import EFFECT_TABLE

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {EFFECT_TABLE} (reference varchar(100), amount varchar(30), fee varchar(30))"
        )
    from payments.models import CheckoutLink

    for part in links.split(","):
        prefix, count = part.split(":")
        CheckoutLink.objects.bulk_create(
            CheckoutLink(
                session_id=f"cs_{prefix}_{index}",
                kind="bench",
                reference=f"{prefix}-B-{index}",
                mode=CheckoutLink.Mode.PAYMENT,
                idempotency_key=f"bench-{prefix}-{index}",
            )
            for index in range(int(count))
        )


def drop_database() -> None:
    from django.conf import settings

    name = str(settings.DATABASES["default"]["NAME"])
    connection = _setup_django()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
    else:
        connection.creation._destroy_test_db(name, verbosity=0)


def count_effects(prefix: str) -> None:
    """Print, as JSON: stored events, settled effects and distinct settled references for `prefix`."""
    connection = _setup_django()
    from bench.load.webhook_site import EFFECT_TABLE
    from payments.models import StripeEvent

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT reference), COUNT(NULLIF(fee, '')) FROM {EFFECT_TABLE} "
            "WHERE reference LIKE %s",
            [f"{prefix}-%"],
        )
        effects, distinct, with_fee = cursor.fetchone()
    events = StripeEvent.objects.filter(event_id__startswith=f"evt_{prefix}_")
    print(
        json.dumps(
            {
                "events": events.count(),
                "not_done": events.exclude(status__in=("processed", "ignored")).count(),
                "effects": effects,
                "distinct": distinct,
                "with_fee": with_fee,
                "vendor": connection.vendor,
            }
        )
    )


def count_queries(count: int) -> None:
    """Print, as JSON, the SQL queries per delivery of a batch of the same mix, in-process."""
    connection = _setup_django()
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    stream, _ = build_stream(count, random.Random(11), "q")
    client = Client()
    client.post("/stripe/webhook/", data="{}", content_type="application/json")  # warm up the URLconf
    with CaptureQueriesContext(connection) as queries:
        for body in stream:
            client.post(
                "/stripe/webhook/",
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signed(body),
            )
    print(json.dumps({"per_delivery": len(queries.captured_queries) / len(stream)}))


def run_backend(label: str, database_url: str, args) -> None:
    port, bare_port, double_port = args.port_base, args.port_base + 1, args.port_base + 2
    env = site_env(bench_database_url(database_url), double_port)
    warm_count, query_count = max(40, 8 * args.workers), min(args.events, 200)
    _child("prepare", env, "--links", f"run:{args.events},warm:{warm_count},q:{query_count}")
    double = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "load" / "stripe_double.py"), "--port", str(double_port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    servers: list[Server] = []
    try:
        site = Server(
            name="bench_webhook_site",
            app="config.wsgi:application",
            port=port,
            env=env,
            root=ROOT,
            workers=args.workers,
        )
        servers.append(site)
        bare = Server(
            name="bench_webhook_bare",
            app="bench.peers.bare:application",
            port=bare_port,
            env=env,
            root=ROOT,
            workers=args.workers,
        )
        servers.append(bare)
        for waited, path in ((port, "/stripe/webhook/"), (bare_port, "/"), (double_port, "/_bench/requests")):
            _wait_answering(waited, path)
        # Warm every worker (imports, URLconf, connections) on deliveries that are not counted.
        warm, _ = build_stream(warm_count, random.Random(3), "warm")
        drive(port, "/stripe/webhook/", warm, args.concurrency)
        drive(bare_port, "/", warm, args.concurrency)

        stream, settling = build_stream(args.events, random.Random(7), "run")
        baseline = drive(bare_port, "/", stream, args.concurrency)
        stripe_before, cpu_before = _stripe_requests(double_port), site.cpu_seconds()
        others_before = _others_cpu_seconds(double.pid)
        measured = drive(port, "/stripe/webhook/", stream, args.concurrency)
        others = {
            name: (after - before) * 1000 / len(stream)
            for (name, before), after in zip(
                others_before.items(), _others_cpu_seconds(double.pid).values(), strict=True
            )
        }
        stripe_calls = _stripe_requests(double_port) - stripe_before
        cpu_ms = (site.cpu_seconds() - cpu_before) * 1000 / len(stream)
    finally:
        for server in servers:
            server.stop()
    try:
        counted = json.loads(_child("count-effects", env, "--prefix", "run"))
        queries = json.loads(_child("count-queries", env, "--events", str(query_count)))
    finally:
        double.terminate()
        double.wait(timeout=10)
        _child("drop", env)
    ok = counted["effects"] == counted["distinct"] == settling and counted["events"] == args.events
    print(
        f"\n== webhook ingestion on {label}: gunicorn {args.workers} sync workers, {args.concurrency} concurrent "
        f"senders, {len(stream)} deliveries of {args.events} distinct events =="
    )
    print(
        f"throughput      {measured['rate']:8.1f} deliveries/s   (bare Django view, same POSTs: "
        f"{baseline['rate']:.1f}/s; ratio {measured['rate'] / baseline['rate']:.3f})"
    )
    print(f"latency ms      p50 {measured['p50']:.1f}  p99 {measured['p99']:.1f}")
    print(f"worker CPU      {cpu_ms:.1f} ms per delivery (the site's gunicorn workers)")
    total = cpu_ms + sum(others.values())
    print(
        "machine CPU     "
        + ", ".join(f"{name} {value:.1f}" for name, value in others.items())
        + f" ms per delivery; with the workers {total:.1f} ms, so these {os.cpu_count()} cores "
        f"answer at most {os.cpu_count() * 1000 / total:.0f} deliveries/s"
    )
    print(
        f"per delivery    {queries['per_delivery']:.1f} SQL queries (in-process, same mix), "
        f"{stripe_calls / len(stream):.2f} Stripe API calls"
    )
    print(f"responses       {measured['statuses']}")
    print(
        f"stored events   {counted['events']} of {args.events} distinct ({counted['not_done']} not processed); "
        f"settled effects {counted['effects']} for {counted['distinct']} references, "
        f"expected {settling}, {counted['with_fee']} with their fee: "
        + ("each settled event once, whatever the redeliveries" if ok else "MISMATCH")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="distinct events per backend (default 1000)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (default 5)")
    parser.add_argument("--concurrency", type=int, default=10, help="concurrent senders (default 10)")
    parser.add_argument(
        "--port-base", type=int, default=9411, help="site, bare view, Stripe double (3 ports)"
    )
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="which to run (default sqlite,postgresql)"
    )
    parser.add_argument("--prefix", default="run", help=argparse.SUPPRESS)
    parser.add_argument("--links", default="run:0", help=argparse.SUPPRESS)
    for role in ("prepare", "drop", "count-effects", "count-queries"):
        parser.add_argument(f"--{role}", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare_database(args.links)
    if args.drop:
        return drop_database()
    if args.count_effects:
        return count_effects(args.prefix)
    if args.count_queries:
        return count_queries(args.events)
    database_url = os.environ.get("DATABASE_URL", "")
    if "sqlite" in args.backends:
        run_backend("SQLite", "sqlite://", args)
    if "postgresql" not in args.backends:
        return
    if database_url.startswith("postgres"):
        run_backend("PostgreSQL", database_url, args)
    else:
        print("(set DATABASE_URL=postgres://... to benchmark PostgreSQL as well)")


if __name__ == "__main__":
    main()
