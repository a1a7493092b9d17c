"""The benchmark's in-process cases, run inside the bench database with the servers' environment.

    python -m bench.load.inprocess catalogue     # the catalogue page, page cache off: ms, queries
    python -m bench.load.inprocess books         # fund totals, a year's report, statements, gift start

Prints one JSON object. Timings are medians of repeated calls in one process (no HTTP): they say
what the code costs, the wrk cases say what a visitor waits.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def _timed(call, repeats: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), result


def _timed_cpu(call, repeats: int) -> tuple[float, object]:
    """Like _timed, in this process's CPU time: steadier than wall time on a shared machine."""
    timings, result = [], None
    for _ in range(repeats):
        began = time.process_time()
        result = call()
        timings.append((time.process_time() - began) * 1000)
    return statistics.median(timings), result


def catalogue() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shop.models import ProductPage, ShopIndexPage

    url = ShopIndexPage.objects.live().first().url
    client = Client()
    client.get(url)  # warm what a running site has warm: menus, settings fragments, renditions
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read now: the captured list is a slice of the connection's query log, which the next request
    # empties (request_started resets it), so reading it after the timed runs gave 0.
    queries = len(captured)
    # 60 calls: a view of 5-9 ms spreads by a few ms between calls (the garbage collector, the
    # allocator), so the median of 15 moved by a third between two runs of the same database.
    ms, response = _timed(lambda: client.get(url), 60)
    cpu_ms, _ = _timed_cpu(lambda: client.get(url), 60)
    return {
        "products": ProductPage.objects.live().count(),
        "catalogue_ms": ms,
        "catalogue_cpu_ms": cpu_ms,
        "queries": queries,
        "status": response.status_code,
    }


def books() -> dict:
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from ledger import selectors
    from ledger.models import Entry, FundDayBalance
    from ledger.selectors.impact import _compute_impact_figures

    year = timezone.localdate().year - 1
    result = {"entries": Entry.objects.count(), "balance_rows": FundDayBalance.objects.count()}
    result["fund_totals_ms"], figures = _timed(_compute_impact_figures, 9)
    result["fund_totals_sum"] = str(sum(f.total.amount for f in figures))
    result["year_report_ms"], rows = _timed(
        lambda: selectors.fund_totals(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), period="month"), 9
    )
    result["year_report_rows"] = len(rows)
    result["year_by_channel_ms"], _ = _timed(
        lambda: selectors.fund_totals(
            start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), period="year", by_channel=True
        ),
        5,
    )
    began = time.perf_counter()
    checked, differences = selectors.balance_differences()
    result["balances_check_s"] = time.perf_counter() - began
    result["balances_checked"], result["balances_differences"] = checked, len(differences)
    result.update(_statements(year))
    result.update(_gift_start())
    return result


def _statements(year: int) -> dict:
    from django.core import mail

    from donations.selectors import statement_donors
    from donations.services import annual_statement_send

    mail.outbox = []
    # The bench's own donors (the demo's may have been sent theirs already).
    donors = list(statement_donors(year=year).order_by("-pk")[:30])
    began = time.perf_counter()
    sent = sum(1 for donor in donors if annual_statement_send(donor=donor, year=year))
    elapsed = time.perf_counter() - began
    return {
        "statements_year": year,
        "statements_sent": sent,
        "statement_ms_per_donor": 1000 * elapsed / max(len(donors), 1),
        "statement_donors_total": statement_donors(year=year).count(),
    }


def _gift_start() -> dict:
    """The donate page's form posted in-process with Stripe keys pointing at the local double:
    validation, the pending gift, a Checkout Session created through the stripe library, the redirect."""
    from django.conf import settings
    from django.test import Client

    from bench.load import stripe_double
    from donations.models import DonationPage

    double = stripe_double.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{double.server_port}"
    settings.STRIPE_SECRET_KEY = "sk_test_bench"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_bench"
    settings.PAYMENTS_DEMO = False
    # One machine posts every gift: the per-visitor limits would refuse all but the first few.
    settings.DONATIONS_RATE_LIMIT_IP = settings.DONATIONS_RATE_LIMIT_EMAIL = "1000000/h"
    settings.DONATIONS_MIN_FILL_SECONDS = 0  # a script fills the form at once; the check is not measured
    url = DonationPage.objects.live().first().url
    client = Client(HTTP_HOST="127.0.0.1")
    statuses: dict[int, int] = {}
    counter = iter(range(1_000_000))

    def start_one():
        html = client.get(url).content.decode()
        fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
        designation = re.search(r'name="designation"[^>]*>\s*<option value="([^"]+)"', html)
        fields.update(
            amount="50",
            frequency="one_time",
            designation=designation.group(1) if designation else "most-needed",
            first_name="Bench",
            last_name="Donor",
            email=f"bench.donor{next(counter)}@example.org",
        )
        response = client.post(url, fields)
        if response.status_code != 302 and os.environ.get("BENCH_DEBUG"):
            form = (response.context or {}).get("form")
            print(
                form.errors
                if form is not None
                else re.findall(
                    r"(?s)class=\"[^\"]*error[^\"]*\"[^>]*>(.{0,200})", response.content.decode()
                )[:3],
                file=sys.stderr,
            )
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        return response

    start_one()
    ms, response = _timed(start_one, 15)
    double.shutdown()
    return {
        "gift_start_ms": ms,
        "gift_start_statuses": statuses,
        "gift_start_redirect": response.get("Location", "")[:60],
    }


def main() -> None:
    import django

    case = sys.argv[1]
    if case == "catalogue":
        # The page cache off, as the target's "uncached" figure means: every request routes, queries
        # and renders the page. The shared cache itself stays as served (menus, chrome fragments,
        # renditions live there in production too).
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    django.setup()
    import logging

    logging.disable(logging.WARNING)
    print(json.dumps({"catalogue": catalogue, "books": books}[case](), default=str))


if __name__ == "__main__":
    main()
