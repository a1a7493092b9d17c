"""Inside the bench database: the URLs of each case and the queries one anonymous request makes.

Prints one JSON object; run by bench_load.py with the same environment as the servers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from donations.models import DonationPage
    from shop.models import CategoryPage, GiftsOfHopeIndexPage, ProductPage, ShopIndexPage

    shop = ShopIndexPage.objects.live().first()
    per_page = shop.products_per_page or 12
    deep = max(1, ProductPage.objects.live().count() // per_page - 1)
    urls = {
        "home": "/",
        "catalogue": shop.url,
        "catalogue_deep": f"{shop.url}?page={deep}",
        "category": CategoryPage.objects.live().filter(slug="jewellery").first().url
        if CategoryPage.objects.filter(slug="jewellery").exists()
        else CategoryPage.objects.live().first().url,
        "product": ProductPage.objects.live().order_by("pk").first().url,
        "donate": DonationPage.objects.live().first().url,
        "impact_api": "/api/impact/",
        "cart": "/shop/cart/",
    }
    gifts_of_hope = GiftsOfHopeIndexPage.objects.live().first()
    if gifts_of_hope is not None:
        urls["gifts_of_hope"] = gifts_of_hope.url
    product = ProductPage.objects.live().order_by("pk").first()
    variant = product.variants.filter(is_active=True).order_by("pk").first()
    client = Client()
    queries = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches, as a running worker would be
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries[name] = {"status": response.status_code, "queries": len(captured)}
    print(json.dumps({"urls": urls, "variant": variant.pk, "queries": queries}))


if __name__ == "__main__":
    main()
