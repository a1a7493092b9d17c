"""The load benchmark's data set, built in a throwaway database under the production settings.

    python -m bench.load.dataset --products 1000 --orders 50000 --gifts 200000

    python -m bench.load.dataset --products 5000 --grow-only          # the growth case, later

The demo content comes from `seed_demo` (through the services, like any install); the bulk that only
a benchmark needs (a thousand products with variants and photos, makers, 50,000 orders, 200,000
gifts and their million ledger entries, see books.py) is written in bulk, because going through
checkout a million times would take hours and measure nothing the pages do.
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


def _image_rows(image_model, collection, photos: list[bytes]) -> list[tuple[str, int, int, int, str]]:
    """Store each distinct photo once; image rows share the files (every row still has its own
    renditions, made on the first request that shows it)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    stored = []
    for seed, data in enumerate(photos):
        name = default_storage.save(f"original_images/bench-{seed}.jpg", ContentFile(data))
        stored.append((name, 600, 600, len(data), hashlib.sha1(data).hexdigest()))
    return stored


def build_catalogue(products: int) -> int:
    """Products as Wagtail pages, written in bulk: the page rows with their tree paths computed here,
    then the product, variant, image and product-image rows, each table in batches. A benchmark's
    throwaway database only: no revisions, no search index, no reference index."""
    import datetime as dt
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone
    from djmoney.money import Money
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Page

    from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant, ShopIndexPage

    existing = ProductPage.objects.count()
    if existing >= products:
        return 0
    index = ShopIndexPage.objects.first()
    today = timezone.localdate()
    now = timezone.now()
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
    files = _image_rows(image_model, collection, [_photo(seed) for seed in range(12)])
    content_type = ContentType.objects.get_for_model(ProductPage)
    numbers = range(existing, products)
    children = {category.pk: category.numchild for category in categories}
    pages = []
    for number in numbers:
        category = categories[number % CATEGORIES]
        children[category.pk] += 1
        slug = f"bench-piece-{number + 1}"
        pages.append(
            Page(
                title=f"Handmade piece {number + 1}",
                draft_title=f"Handmade piece {number + 1}",
                slug=slug,
                path=Page._get_path(category.path, category.depth + 1, children[category.pk]),
                depth=category.depth + 1,
                numchild=0,
                url_path=f"{category.url_path}{slug}/",
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=category.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    pages = Page.objects.bulk_create(pages, batch_size=500)
    product_fields = ProductPage._meta.local_concrete_fields
    rows = []
    for page, number in zip(pages, numbers, strict=True):
        product = ProductPage(
            page_ptr_id=page.pk,
            summary="Made by hand in our workshop.",
            description=[("paragraph", "<p>Made start to finish by one maker.</p>")],
            maker=makers[number % MAKERS],
            labour_minutes=Decimal(30 + number % 90),
            option1_name="Colour",
        )
        rows.append(product)
    for first in range(0, len(rows), 500):
        ProductPage._base_manager._insert(rows[first : first + 500], fields=product_fields)
    for category in categories:
        Page.objects.filter(pk=category.pk).update(
            numchild=F("numchild") + (children[category.pk] - category.numchild)
        )
    ProductVariant.objects.bulk_create(
        (
            ProductVariant(
                product_id=page.pk,
                sku=f"BENCH-{number + 1}-{variant + 1}",
                option1_value=f"Colour {variant + 1}",
                price=Money(Decimal(12 + (number * 7 + variant * 3) % 80), "USD"),
                stock=5 + (number + variant) % 40,
                sort_order=variant,
                weight_grams=200,
            )
            for page, number in zip(pages, numbers, strict=True)
            for variant in range(VARIANTS)
        ),
        batch_size=2000,
    )
    images = image_model.objects.bulk_create(
        (
            image_model(
                title=f"Bench piece {number + 1} photo {slot + 1}",
                file=files[(number + slot) % len(files)][0],
                width=600,
                height=600,
                file_size=files[(number + slot) % len(files)][3],
                file_hash=files[(number + slot) % len(files)][4],
                collection=collection,
                created_at=now,
            )
            for number in numbers
            for slot in range(IMAGES)
        ),
        batch_size=2000,
    )
    ProductImage.objects.bulk_create(
        (
            ProductImage(
                product_id=page.pk,
                image=images[index * IMAGES + slot],
                alt_text=f"Handmade piece {number + 1}, view {slot + 1}",
                sort_order=slot,
            )
            for index, (page, number) in enumerate(zip(pages, numbers, strict=True))
            for slot in range(IMAGES)
        ),
        batch_size=2000,
    )
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="migrate and seed the demo content first")
    parser.add_argument("--products", type=int, default=1000, help="grow the catalogue to this many")
    parser.add_argument("--orders", type=int, default=0)
    parser.add_argument("--gifts", type=int, default=0)
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.signal_handlers import disable_reference_index_auto_update

    started = time.perf_counter()
    if options.seed:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"demo content seeded in {time.perf_counter() - started:.0f} s", flush=True)
    moment = time.perf_counter()
    # The reference index (which pages use which image) is an editor's tool; no benchmark case reads it.
    with transaction.atomic(), disable_reference_index_auto_update():
        made = build_catalogue(options.products)
    if made:
        print(f"catalogue: {made} products added in {time.perf_counter() - moment:.1f} s", flush=True)
    if options.orders or options.gifts:
        from bench.load import books

        books.build(orders=options.orders, gifts=options.gifts, log=lambda text: print(text, flush=True))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    main()
