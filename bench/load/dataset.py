"""The load benchmark's data set, built in a throwaway database under the production settings.

    python -m bench.load.dataset --products 1000 --entries 1000000

The demo content comes from `seed_demo` (through the services, like any install); the bulk that only
a benchmark needs (hundreds of products with variants and photos, makers, a million ledger entries) is
written directly, because going through checkout a million times would take hours and measure nothing
the pages do.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CATEGORIES = 12
VARIANTS = 3
IMAGES = 3
MAKERS = 40
COLOURS = [(176, 84, 60), (44, 94, 112), (201, 160, 72), (95, 120, 80), (130, 70, 110), (60, 60, 70)]


def _photo(seed: int) -> bytes:
    """A small product-like JPEG: a lit background, a shape and a shadow (never a flat fill)."""
    from PIL import Image, ImageDraw

    base = COLOURS[seed % len(COLOURS)]
    image = Image.new("RGB", (600, 600), (238, 232, 224))
    draw = ImageDraw.Draw(image)
    for row in range(600):
        shade = 238 - row // 12
        draw.line([(0, row), (600, row)], fill=(shade, shade - 4, shade - 10))
    draw.ellipse([150, 470, 450, 520], fill=(190, 184, 176))
    draw.rounded_rectangle([170 + seed % 40, 140, 430 - seed % 40, 480], radius=40, fill=base)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def build_catalogue(products: int) -> int:
    import datetime as dt

    from django.core.files.images import ImageFile
    from django.utils import timezone
    from djmoney.money import Money
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant, ShopIndexPage

    existing = ProductPage.objects.count()
    if existing >= products:
        return 0
    index = ShopIndexPage.objects.first()
    today = timezone.localdate()
    makers = []
    for number in range(MAKERS):
        maker, _ = Maker.objects.get_or_create(
            display_name=f"Bench maker {number + 1}",
            defaults={
                "story": "A maker's story, told with consent.",
                "consent_web": True,
                "consent_given_on": today - dt.timedelta(days=30),
                "consent_expires_on": today + dt.timedelta(days=700),
                "internal_reference": f"BENCH-{number + 1:03d}",
            },
        )
        makers.append(maker)
    categories = []
    for number in range(CATEGORIES):
        slug = f"bench-category-{number + 1}"
        category = CategoryPage.objects.filter(slug=slug).first() or index.add_child(
            instance=CategoryPage(title=f"Collection {number + 1}", slug=slug)
        )
        categories.append(category)
    image_model = get_image_model()
    collection = Collection.get_first_root_node()
    photos = [_photo(seed) for seed in range(12)]
    made = 0
    for number in range(existing, products):
        category = categories[number % CATEGORIES]
        product = category.add_child(
            instance=ProductPage(
                title=f"Handmade piece {number + 1}",
                slug=f"bench-piece-{number + 1}",
                summary="Made by hand in our workshop.",
                description=[("paragraph", "<p>Made start to finish by one maker.</p>")],
                maker=makers[number % MAKERS],
                labour_minutes=Decimal(30 + number % 90),
                option1_name="Colour",
            )
        )
        ProductVariant.objects.bulk_create(
            ProductVariant(
                product=product,
                sku=f"BENCH-{number + 1}-{variant + 1}",
                option1_value=f"Colour {variant + 1}",
                price=Money(Decimal(12 + (number * 7 + variant * 3) % 80), "USD"),
                stock=5 + (number + variant) % 40,
                sort_order=variant,
                weight_grams=200,
            )
            for variant in range(VARIANTS)
        )
        for slot in range(IMAGES):
            image = image_model.objects.create(
                title=f"Bench piece {number + 1} photo {slot + 1}",
                file=ImageFile(
                    io.BytesIO(photos[(number + slot) % len(photos)]), name=f"bench-{number}-{slot}.jpg"
                ),
                collection=collection,
            )
            ProductImage.objects.create(
                product=product,
                image=image,
                alt_text=f"Handmade piece {number + 1}, view {slot + 1}",
                sort_order=slot,
            )
        made += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from wagtail.signal_handlers import disable_reference_index_auto_update

    # The reference index (which pages use which image) is an editor's tool; no benchmark case reads it.
    with transaction.atomic(), disable_reference_index_auto_update():
        made = build_catalogue(options.products)
    print(f"catalogue: {made} products added in {time.perf_counter() - started:.0f} s", flush=True)
    from ledger.models import Entry

    if options.entries and Entry.objects.count() < options.entries // 2:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_ledger_report import build

        moment = time.perf_counter()
        build(options.entries)
        print(f"ledger: {options.entries:,} entries in {time.perf_counter() - moment:.0f} s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    main()
