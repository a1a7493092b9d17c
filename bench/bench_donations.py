"""Donations benchmark: the gift pipeline and the donor-facing reads.

    python bench/bench_donations.py                 # 300 gifts on a throwaway SQLite database
    python bench/bench_donations.py --gifts 2000
    DATABASE_URL=postgres://... python bench/bench_donations.py   # a throwaway test_<name> PostgreSQL DB

Times donation_confirm (posting + receipt numbering + receipt row per gift), receipt PDF rendering,
an annual statement per donor, campaign progress and the donor portal page. Prints throughput,
latency percentiles and query counts; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    return f"p50 {at(0.50):.1f} ms  p95 {at(0.95):.1f} ms  p99 {at(0.99):.1f} ms  max {ordered[-1] * 1000:.1f} ms"


def timed(call, repeat: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, queries = [], 0
    for index in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call(index)
            samples.append(time.perf_counter() - started)
        queries = len(captured)
    return samples, queries


def run(gifts: int) -> None:
    import datetime as dt

    from django.test import Client
    from django.utils import timezone
    from djmoney.money import Money

    from donations import pdf, selectors, services
    from donations.models import Campaign, Designation, Donation, GiftKind
    from donations.services.portal import portal_token_create

    Designation.objects.get_or_create(fund_slug="counseling", defaults={"name": "Counseling"})
    campaign = Campaign.objects.create(
        name="Bench", slug="bench", goal=Money(100000, "USD"), starts_on=dt.date(2026, 1, 1)
    )
    donors = [
        services.donor_get_or_create(email=f"bench{n}@example.org", first_name="Bench", last_name=str(n))
        for n in range(max(1, gifts // 10))
    ]
    pending = [
        Donation.objects.create(
            donor=donors[n % len(donors)],
            kind=GiftKind.ONLINE,
            amount=Money(25 + n % 200, "USD"),
            designation_key="counseling" if n % 2 else "most-needed",
            campaign=campaign,
        )
        for n in range(gifts)
    ]
    when = timezone.make_aware(dt.datetime(2026, 6, 1, 12))

    samples, queries = timed(
        lambda i: services.donation_confirm(
            reference=pending[i].reference, amount_total=pending[i].amount, occurred_at=when, notify=False
        ),
        gifts,
    )
    print(
        f"donation_confirm      {gifts / sum(samples):8.1f} gifts/s   {percentiles(samples)}   {queries} queries/gift"
    )

    receipts = [gift.receipts.get() for gift in pending[:50]]
    samples, _ = timed(lambda i: pdf.receipt_pdf(receipts[i % len(receipts)]), 50)
    print(f"receipt PDF           {50 / sum(samples):8.1f} PDFs/s    {percentiles(samples)}")

    samples, queries = timed(
        lambda i: pdf.statement_pdf(selectors.annual_statement(donor=donors[i % len(donors)], year=2026)),
        min(50, len(donors)),
    )
    print(
        f"annual statement PDF  {len(samples) / sum(samples):8.1f} /s        {percentiles(samples)}   {queries} queries"
    )

    samples, queries = timed(lambda i: selectors.campaign_progress(campaign=campaign), 50)
    print(
        f"campaign progress     {50 / sum(samples):8.1f} /s        {percentiles(samples)}   {queries} queries"
    )

    client = Client()
    client.post(f"/giving/portal/enter/{portal_token_create(donor=donors[0])}/")
    samples, queries = timed(lambda i: client.get("/giving/portal/"), 30)
    print(
        f"donor portal page     {30 / sum(samples):8.1f} pages/s  {percentiles(samples)}   {queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gifts", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor}, gifts: {args.gifts}")
        run(args.gifts)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
