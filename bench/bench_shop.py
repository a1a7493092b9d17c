"""Shop benchmark: catalogue and product pages, cart adds and stock reservations.

    python bench/bench_shop.py                      # 60 products on a throwaway SQLite database
    python bench/bench_shop.py --products 600
    DATABASE_URL=postgres://... python bench/bench_shop.py   # a throwaway test_<name> PostgreSQL DB

Prints latency percentiles and query counts per page, and reservations per second; asserts nothing
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed_get(client, url, repeats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return timings, queries


def report(label, timings, queries=None):
    extra = f"  queries {queries}" if queries is not None else ""
    print(
        f"{label:<28} p50 {statistics.median(timings):7.1f} ms  p95 {percentile(timings, 0.95):7.1f} ms  "
        f"max {max(timings):7.1f} ms{extra}"
    )


def run(products: int, repeats: int) -> None:
    from django.test import Client
    from djmoney.money import Money

    from shop import services
    from shop.models import Cart, CartLine, ProductVariant
    from tests.fixtures.shop_factories import category_create, product_create, shop_index_create

    index = shop_index_create()
    categories = [category_create(parent=index, title=f"Category {n}") for n in range(5)]
    started = time.perf_counter()
    for n in range(products):
        product_create(
            parent=categories[n % 5],
            title=f"Bench product {n}",
            variants=[{"price": str(10 + n % 40), "stock": 1000}, {"price": "25.00", "stock": n % 3}],
        )
    print(f"built {products} products in {time.perf_counter() - started:.1f} s")

    client = Client()
    report("catalogue page", *timed_get(client, index.url, repeats))
    report("catalogue sorted by price", *timed_get(client, index.url + "?sort=price-asc&page=3", repeats))
    report("category page", *timed_get(client, categories[0].url, repeats))
    report("search", *timed_get(client, index.url + "?q=product+1", repeats))
    product = categories[1].get_children().first().specific
    report("product page", *timed_get(client, product.url, repeats))

    variants = list(ProductVariant.objects.filter(stock__gte=100).values_list("pk", flat=True)[:20])
    timings = []
    for n in range(repeats):
        started = time.perf_counter()
        client.post("/shop/cart/add/", {"variant": variants[n % len(variants)], "quantity": 1})
        timings.append((time.perf_counter() - started) * 1000)
    report("cart add (POST)", timings)

    reservations = repeats * 2
    carts = []
    for n in range(reservations):
        cart = Cart.objects.create(gift_amount=Money("10.00", "USD") if n % 4 == 0 else None)
        for variant_id in variants[n % 5 : n % 5 + 3]:
            CartLine.objects.create(cart=cart, variant_id=variant_id, quantity=1)
        carts.append(cart)
    started = time.perf_counter()
    for cart in carts:
        services.order_create_from_cart(cart=cart, email="bench@example.org")
    elapsed = time.perf_counter() - started
    print(f"{'stock reservations':<28} {reservations / elapsed:7.1f} orders/s (3 lines each, sequential)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    import django
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    settings.SHOP_CHECKOUT_MIN_SECONDS = 0
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor}")
        run(args.products, args.repeats)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
