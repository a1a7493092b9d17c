"""Three years of trade and giving for the load benchmark: donors, gifts with their receipts, paid
orders with their lines, and the ledger postings they settled to, written in bulk.

    orders  -> Order + 2 OrderLines, a posting "order:<number>" of 7 legs (gross, 3 fund shares,
               shipping income, fee, fee paid);
    gifts   -> Donation + Receipt, a posting "donation:<pk>": online gifts 4 legs (gross, the
               designated fund, fee, fee paid), cheques 2 (gross, fund).

50,000 orders and 200,000 gifts make about 1,030,000 entries. The running fund balances are then
rebuilt from the entries by the same service `ledger_balances_check --rebuild` uses (and timed: it
is the backfill an existing install's migration does). Only for a throwaway database: no receipts
are emailed and no checkout runs.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

YEARS = 3
BATCH = 5000
DONORS_PER_GIFT = 8  # 200,000 gifts from 25,000 donors
CENTS = Decimal("0.01")
FUNDS = ["counseling", "mental-health-therapy", "care-management", "survivor-wages", "operations"]
CHANNEL_SHOP, CHANNEL_GIVING = "shop", "donations"


def _moment(number: int, start: dt.datetime, span_minutes: int) -> dt.datetime:
    return start + dt.timedelta(minutes=(number * 7919) % span_minutes)


def _money(value: Decimal, currency: str = "USD"):
    from djmoney.money import Money

    return Money(value, currency)


def build(*, orders: int, gifts: int, log=print) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from donations.models import Donation, Donor, Receipt, ReceiptSequence
    from ledger.models import EntryRole, Fund, Posting
    from ledger.services import fund_balances_rebuild
    from shop.models import Order, OrderLine, ProductVariant

    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime(today.year - YEARS + 1, 1, 1, 9))
    span = int((timezone.now() - start).total_seconds() // 60) - 60
    accounts = {fund.slug: fund.pk for fund in Fund.objects.all()}
    ops = connection.ops
    timings = {}
    posting_rows: list[tuple] = []
    entry_rows: list[tuple] = []
    now_value = ops.adapt_datetimefield_value(timezone.now())
    next_posting = [Posting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0]

    def leg(posting_id, account, fund, amount, role, when_value, day, channel, line=""):
        entry_rows.append(
            (
                posting_id,
                accounts[account],
                accounts[fund] if fund else None,
                ops.adapt_decimalfield_value(amount, 19, 3),
                str(role),
                line,
                when_value,
                day,
                channel,
            )
        )

    def posting(source, when, channel) -> tuple[int, str, str]:
        next_posting[0] += 1
        when_value = ops.adapt_datetimefield_value(when)
        posting_rows.append((next_posting[0], source, when_value, now_value, channel))
        return next_posting[0], when_value, ops.adapt_datefield_value(timezone.localdate(when))

    if connection.vendor == "sqlite":
        # A throwaway database: a large page cache keeps the indexes in memory while a million
        # rows go in, and nothing needs to survive a power cut.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -400000")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA temp_store = MEMORY")
    stamp = Donor.objects.count()  # a second run adds donors instead of colliding
    began = time.perf_counter()
    with transaction.atomic():
        donor_rows = Rows(Donor, now=timezone.now())
        donors = []
        for number in range(max(1, gifts // DONORS_PER_GIFT)):
            email = f"donor{number}-{stamp}@bench.example.org"
            donors.append(
                (
                    donor_rows.add(
                        email=email,
                        first_name=f"Donor{number}",
                        last_name="Bench",
                        city="Nashville",
                        state="TN",
                        postal_code="37203",
                    ),
                    email,
                    f"Donor{number} Bench",
                )
            )
        donor_rows.flush()
        variants = list(ProductVariant.objects.select_related("product").order_by("pk")[:600])
        # Numbering carries on from the receipts seed_demo issued.
        sequence_by_year = dict(ReceiptSequence.objects.values_list("year", "last_number"))
        gift_rows, receipt_rows = Rows(Donation, now=timezone.now()), Rows(Receipt, now=timezone.now())
        for number in range(gifts):
            when = _moment(number, start, span)
            day = timezone.localdate(when)
            online = number % 10 < 7
            amount = Decimal(10 + (number * 37) % 490)
            fee = (amount * Decimal("0.022") + Decimal("0.30")).quantize(CENTS) if online else None
            fund = FUNDS[number % len(FUNDS)]
            label = fund.replace("-", " ").capitalize()
            donor_id, email, name = donors[number % len(donors)]
            gift_id = gift_rows.add(
                donor_id=donor_id,
                reference=f"GB{stamp}-{number:07d}",
                designation_key=fund,
                designation_label=label,
                kind="online" if online else "offline",
                offline_method="" if online else "cheque",
                status="paid",
                amount=amount,
                processing_fee=fee,
                received_at=when,
            )
            sequence_by_year[day.year] = sequence_by_year.get(day.year, 0) + 1
            receipt_rows.add(
                number=f"B{day.year}-{sequence_by_year[day.year]:07d}",
                year=day.year,
                sequence=sequence_by_year[day.year],
                donation_id=gift_id,
                donor_id=donor_id,
                issued_at=when,
                gift_date=day,
                donor_name=name,
                donor_email=email,
                amount=amount,
                deductible_amount=amount,
                fund_label=label,
                organisation_name="Bench Hope Works",
                organisation_ein="00-0000000",
            )
            posting_id, when_value, day_value = posting(f"donation:{gift_id}", when, CHANNEL_GIVING)
            leg(
                posting_id,
                "stripe-balance",
                None,
                amount,
                EntryRole.GROSS,
                when_value,
                day_value,
                CHANNEL_GIVING,
            )
            leg(posting_id, fund, fund, -amount, EntryRole.REVENUE, when_value, day_value, CHANNEL_GIVING)
            if fee is not None:
                leg(
                    posting_id,
                    "processing-fees",
                    "operations",
                    fee,
                    EntryRole.FEE,
                    when_value,
                    day_value,
                    CHANNEL_GIVING,
                )
                leg(
                    posting_id,
                    "stripe-balance",
                    None,
                    -fee,
                    EntryRole.FEE_PAID,
                    when_value,
                    day_value,
                    CHANNEL_GIVING,
                )
            if len(entry_rows) >= BATCH * 4:
                gift_rows.flush()
                receipt_rows.flush()
                _flush(connection, posting_rows, entry_rows)
        gift_rows.flush()
        receipt_rows.flush()
        _flush(connection, posting_rows, entry_rows)
        for year, last in sequence_by_year.items():
            ReceiptSequence.objects.update_or_create(year=year, defaults={"last_number": last})
        timings["gifts"] = time.perf_counter() - began
        log(f"gifts: {gifts:,} with receipts and postings in {timings['gifts']:.0f} s")

        began = time.perf_counter()
        first_order = Order.objects.count()
        order_rows, line_rows = Rows(Order, now=timezone.now()), Rows(OrderLine, now=timezone.now())
        for number in range(orders):
            when = _moment(number * 3 + 1, start, span)
            picked = [variants[(number * 13 + k * 7) % len(variants)] for k in range(2)]
            quantities = [1 + number % 3, 1]
            line_totals = [v.price.amount * q for v, q in zip(picked, quantities, strict=True)]
            goods = sum(line_totals)
            shipping = Decimal("6.95")
            fee = ((goods + shipping) * Decimal("0.029") + Decimal("0.30")).quantize(CENTS)
            order_number = f"HB-{first_order + number + 1:07d}"
            order_id = order_rows.add(
                number=order_number,
                token=f"bench-{first_order + number + 1}",
                status="paid",
                stock_state="committed",
                email=f"customer{number % 20000}@bench.example.org",
                customer_name="Bench Customer",
                goods_total=goods,
                shipping_total=shipping,
                total=goods + shipping,
                fee=fee,
                paid_at=when,
                created_at=when,
            )
            posting_id, when_value, day = posting(f"order:{order_number}", when, CHANNEL_SHOP)
            leg(
                posting_id,
                "stripe-balance",
                None,
                goods + shipping,
                EntryRole.GROSS,
                when_value,
                day,
                CHANNEL_SHOP,
            )
            wages = materials = Decimal(0)
            for variant, quantity, total in zip(picked, quantities, line_totals, strict=True):
                line_rows.add(
                    order_id=order_id,
                    variant_id=variant.pk,
                    product_id=variant.product_id,
                    title=variant.product.title,
                    sku=variant.sku,
                    unit_price=variant.price.amount,
                    quantity=quantity,
                    line_total=total,
                    labour_minutes=variant.product.labour_minutes,
                )
                wages += (total * Decimal("0.45")).quantize(CENTS)
                materials += (total * Decimal("0.20")).quantize(CENTS)
            for fund, amount in (
                ("survivor-wages", wages),
                ("materials", materials),
                ("operations", goods - wages - materials),
            ):
                leg(posting_id, fund, fund, -amount, EntryRole.REVENUE, when_value, day, CHANNEL_SHOP)
            leg(
                posting_id,
                "shipping-income",
                None,
                -shipping,
                EntryRole.SHIPPING,
                when_value,
                day,
                CHANNEL_SHOP,
            )
            leg(
                posting_id, "processing-fees", "operations", fee, EntryRole.FEE, when_value, day, CHANNEL_SHOP
            )
            leg(posting_id, "stripe-balance", None, -fee, EntryRole.FEE_PAID, when_value, day, CHANNEL_SHOP)
            if len(entry_rows) >= BATCH * 4:
                order_rows.flush()
                line_rows.flush()
                _flush(connection, posting_rows, entry_rows)
        order_rows.flush()
        line_rows.flush()
        _flush(connection, posting_rows, entry_rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('ledger_posting', 'id'), %s)", [next_posting[0] + 1]
                )
        timings["orders"] = time.perf_counter() - began
        log(f"orders: {orders:,} with lines and postings in {timings['orders']:.0f} s")

        began = time.perf_counter()
        timings["balance_rows"] = fund_balances_rebuild()
        timings["backfill"] = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"fund balances backfilled from the entries: {timings['balance_rows']:,} rows in {timings['backfill']:.1f} s"
    )
    return timings


class Rows:
    """Rows of one model written with executemany: every column given or its default (computed once
    per column), ids assigned here so related rows can point at them before they are written."""

    def __init__(self, model, *, now):
        from django.db import connection

        self.connection, self.ops, self.model = connection, connection.ops, model
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults[field.attname] = self._prep(now)
            else:  # the field's default, "" for a blank text field, None otherwise
                self.defaults[field.attname] = field.get_db_prep_save(field.get_default(), connection)
        self.next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
        self.rows: list[tuple] = []

    def _prep(self, value):
        if isinstance(value, dt.datetime):
            return self.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return self.ops.adapt_datefield_value(value)
        return value

    def add(self, **values) -> int:
        row_id, self.next_id = self.next_id, self.next_id + 1
        self.rows.append(
            tuple(
                row_id
                if field.primary_key
                else (
                    self._prep(values[field.attname])
                    if field.attname in values
                    else self.defaults[field.attname]
                )
                for field in self.fields
            )
        )
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, self.rows)
            if self.connection.vendor == "postgresql":
                table = self.model._meta.db_table
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, self.next_id])
        self.rows.clear()


POSTING_SQL = (
    "INSERT INTO ledger_posting (id, source, kind, occurred_at, created_at, currency, channel, memo, mirror)"
    " VALUES (%s, %s, 'payment', %s, %s, 'USD', %s, '', false)"
)
ENTRY_SQL = (
    "INSERT INTO ledger_entry (posting_id, account_id, fund_id, amount, amount_currency, role, line,"
    " occurred_at, occurred_on, channel) VALUES (%s, %s, %s, %s, 'USD', %s, %s, %s, %s, %s)"
)


def _flush(connection, posting_rows: list, entry_rows: list) -> None:
    # executemany: the ORM's per-object cost would dominate a million rows.
    with connection.cursor() as cursor:
        cursor.executemany(POSTING_SQL, posting_rows)
        cursor.executemany(ENTRY_SQL, entry_rows)
    posting_rows.clear()
    entry_rows.clear()
