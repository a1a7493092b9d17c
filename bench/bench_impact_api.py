"""/api/impact/ throughput, cold (cache cleared before every request) and cached.

    python bench/bench_impact_api.py                      # SQLite, 120,000 ledger entries
    python bench/bench_impact_api.py --entries 1000000 --requests 2000
    DATABASE_URL=postgres://... python bench/bench_impact_api.py   # a throwaway test_<name> database

Requests go through Django's full stack (middleware, URL routing, view, JSON) with the test client
on a throwaway database. Prints requests/s, p50/p95 latency and queries per request; asserts nothing
about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def measure(client, requests: int, *, cold: bool) -> tuple[list[float], int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(requests):
            if cold:
                cache.clear()
            began = time.perf_counter()
            response = client.get("/api/impact/")
            timings.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"unexpected status {response.status_code}")
    return timings, len(queries)


def report(label: str, timings: list[float], queries: int) -> None:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:8} {len(timings):>8} {len(timings) / sum(timings):>10,.0f} {p50 * 1000:>9.2f} "
        f"{p95 * 1000:>9.2f} {queries / len(timings):>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=120_000)
    parser.add_argument("--requests", type=int, default=1000, help="cached requests (cold runs a fifth)")
    args = parser.parse_args()

    import django

    django.setup()
    from bench_ledger_report import build
    from django.db import connection
    from django.test import Client

    from ledger.services import accounts_ensure

    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        accounts_ensure()
        build(args.entries)
        client = Client()
        client.get("/api/impact/")  # warm up imports and URL resolution
        print(f"backend: {connection.vendor}  ledger entries: {args.entries:,}")
        print(f"{'':8} {'requests':>8} {'req/s':>10} {'p50 ms':>9} {'p95 ms':>9} {'queries':>9}")
        report("cold", *measure(client, max(args.requests // 5, 10), cold=True))
        report("cached", *measure(client, args.requests, cold=False))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
