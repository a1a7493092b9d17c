"""Fund report benchmark: `fund_totals` over many ledger entries.

    python bench/bench_ledger_report.py                     # 200,000 entries on a throwaway SQLite database
    python bench/bench_ledger_report.py --entries 1000000   # the 1M-entry figure
    DATABASE_URL=postgres://... python bench/bench_ledger_report.py   # a throwaway test_<name> PostgreSQL DB

Entries are built with executemany (balanced postings of six legs over two years and four channels),
then each report shape runs a few times. Prints load rate, seconds per report, rows/s, query counts
and the query plan of the main report query; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

LEGS_PER_POSTING = 6
BATCH = 20_000


def build(entries: int) -> None:
    """Balanced postings of six legs, written with executemany (the ORM's per-object cost would
    dominate a million rows)."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from ledger.models import EntryRole, Fund, Posting

    ops = connection.ops
    accounts = {fund.slug: fund.pk for fund in Fund.objects.all()}
    channels = ["shop", "gift_boxes", "donations", "sponsorships"]
    start = timezone.make_aware(dt.datetime(2025, 1, 1, 9))
    span_minutes = 2 * 365 * 24 * 60
    postings = entries // LEGS_PER_POSTING
    # Ids follow whatever postings exist already (the load benchmark adds these to the demo's).
    offset = Posting.objects.aggregate(top=Max("pk"))["top"] or 0
    is_postgres = connection.vendor == "postgresql"
    now = ops.adapt_datetimefield_value(timezone.now())
    posting_sql = (
        "INSERT INTO ledger_posting (id, source, kind, occurred_at, created_at, currency, channel, memo, mirror)"
        " VALUES (%s, %s, 'payment', %s, %s, 'USD', %s, '', false)"
    )
    entry_sql = (
        "INSERT INTO ledger_entry (posting_id, account_id, fund_id, amount, amount_currency, role, line,"
        " occurred_at, occurred_on, channel) VALUES (%s, %s, %s, %s, 'USD', %s, '', %s, %s, %s)"
    )
    cents = Decimal("0.01")
    with transaction.atomic(), connection.cursor() as cursor:
        per_batch = BATCH // LEGS_PER_POSTING
        for first in range(1, postings + 1, per_batch):
            posting_rows, entry_rows = [], []
            for number in range(first + offset, min(first + per_batch, postings + 1) + offset):
                when = start + dt.timedelta(minutes=(number * 7919) % span_minutes)
                when_value = ops.adapt_datetimefield_value(when)
                day = ops.adapt_datefield_value(timezone.localdate(when))
                channel = channels[number % 4]
                posting_rows.append((number, f"bench:{number}", when_value, now, channel))
                gross = Decimal(1000 + (number * 37) % 20000) / 100
                wages = (gross * Decimal("0.45")).quantize(cents)
                materials = (gross * Decimal("0.20")).quantize(cents)
                fee = (gross * Decimal("0.029") + Decimal("0.30")).quantize(cents)
                for account, fund, amount, role in (
                    ("stripe-balance", None, gross, EntryRole.GROSS),
                    ("survivor-wages", "survivor-wages", -wages, EntryRole.REVENUE),
                    ("materials", "materials", -materials, EntryRole.REVENUE),
                    ("operations", "operations", -(gross - wages - materials), EntryRole.REVENUE),
                    ("processing-fees", "operations", fee, EntryRole.FEE),
                    ("stripe-balance", None, -fee, EntryRole.FEE_PAID),
                ):
                    entry_rows.append(
                        (
                            number,
                            accounts[account],
                            accounts[fund] if fund else None,
                            ops.adapt_decimalfield_value(amount, 19, 3),
                            str(role),
                            when_value,
                            day,
                            channel,
                        )
                    )
            cursor.executemany(posting_sql, posting_rows)
            cursor.executemany(entry_sql, entry_rows)
        if is_postgres:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('ledger_posting', 'id'), %s)", [offset + postings + 1]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ledger_entry" if is_postgres else "ANALYZE")


def explain() -> str:
    """The plan of the report's query for one month: it should use the (occurred_on, fund) index."""
    from django.db.models import Sum

    from ledger.models import Entry

    return (
        Entry.objects.filter(
            occurred_on__gte=dt.date(2025, 3, 1), occurred_on__lte=dt.date(2025, 3, 31), fund__isnull=False
        )
        .values("occurred_on", "fund_id", "amount_currency", "role")
        .annotate(total=Sum("amount"))
        .order_by()
        .explain()
    )


def run(entries: int, repeats: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger import selectors, services
    from ledger.models import Entry
    from ledger.services import accounts_ensure

    # Tables straight from the models (no migrations: fast, and no PostgreSQL triggers to slow the
    # bulk load); the chart of accounts comes from the same code as the data migration.
    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        accounts_ensure()
        began = time.perf_counter()
        build(entries)
        load_seconds = time.perf_counter() - began
        began = time.perf_counter()
        balance_rows = services.fund_balances_rebuild()
        print(
            f"running fund balances rebuilt from the entries: {balance_rows:,} rows in {time.perf_counter() - began:.1f}s"
        )
        stored = Entry.objects.count()
        print(
            f"backend: {connection.vendor}  entries: {stored:,}  load: {load_seconds:.1f}s ({stored / load_seconds:,.0f} rows/s)"
        )
        two_years = {"start": dt.date(2025, 1, 1), "end": dt.date(2026, 12, 31)}
        shapes = [
            ("month, all of two years", {**two_years, "period": "month"}),
            ("year, by channel", {**two_years, "period": "year", "by_channel": True}),
            ("day, one month", {"start": dt.date(2025, 3, 1), "end": dt.date(2025, 3, 31), "period": "day"}),
            ("month, one channel", {**two_years, "period": "month", "channel": "donations"}),
        ]
        print(f"{'report':28} {'rows out':>8} {'median s':>9} {'entries/s':>12} {'queries':>7}")
        for label, kwargs in shapes:
            timings = []
            for _ in range(repeats):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    rows = selectors.fund_totals(**kwargs)
                    timings.append(time.perf_counter() - began)
            median = statistics.median(timings)
            print(f"{label:28} {len(rows):>8} {median:>9.3f} {stored / median:>12,.0f} {len(queries):>7}")
        print("\nplan of the one-month report query:")
        print(explain())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--entries", type=int, default=200_000, help="ledger entries to build (default 200,000)"
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    run(args.entries, args.repeats)


if __name__ == "__main__":
    main()
