"""The demo catalogue: five categories, 26 products with variants and stock (some sold out), each
drawn in three pictures, and the makers (with consent; one revoked, never shown)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone
from djmoney.money import Money
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.demo_art import product_photos
from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant

CATEGORIES = {
    "jewellery": ("Jewellery", "Beaded, braided and hammered by hand.", "#b5838d"),
    "bags": ("Bags", "Totes and pouches sewn in our workshop.", "#6d6875"),
    "home": ("Home", "Candles, baskets and table linens.", "#e5989b"),
    "bath-body": ("Bath & body", "Small-batch soaps and balms.", "#a3b18a"),
    "apparel": ("Apparel", "Scarves and knits.", "#588157"),
}
MAKERS = [
    # display name, story, web, print, social, revoked
    (
        "Asha",
        "I learned to bead, braid and hammer metal here. Every necklace, ring and bracelet is a day of "
        "steady work.",
        True,
        True,
        False,
        False,
    ),
    ("Mei", "Sewing gave me a trade and my confidence back.", True, False, True, False),
    ("Rosa", "I pour every candle by hand, one batch at a time.", True, True, True, False),
    ("Grace", "Knitting is calm for me. I hope you feel it too.", True, False, False, False),
    ("Lina", "I make our soaps, balms and bath salts with oils I chose myself.", True, True, False, False),
    # Consent revoked: this story must never appear anywhere.
    ("Former maker", "This story was withdrawn.", True, True, True, True),
]
# slug, title, category, maker index, labour minutes, [(sku, option, price, stock)]
PRODUCTS = [
    (
        "beaded-bracelet",
        "Beaded bracelet",
        "jewellery",
        0,
        45,
        [("BR-RED", "Red", "18.00", 12), ("BR-BLU", "Blue", "18.00", 2)],
    ),
    ("braided-anklet", "Braided anklet", "jewellery", 0, 30, [("AN-01", "", "14.00", 20)]),
    (
        "hammered-earrings",
        "Hammered earrings",
        "jewellery",
        None,
        40,
        [("EA-GLD", "Gold", "26.00", 8), ("EA-SLV", "Silver", "24.00", 0)],
    ),
    ("hope-necklace", "Hope necklace", "jewellery", 0, 60, [("NE-01", "", "34.00", 5)]),
    (
        "stacking-rings",
        "Stacking rings (set of 3)",
        "jewellery",
        None,
        50,
        [("RI-S", "Small", "22.00", 6), ("RI-M", "Medium", "22.00", 6), ("RI-L", "Large", "22.00", 0)],
    ),
    ("charm-keyring", "Charm keyring", "jewellery", 5, 15, [("KR-01", "", "9.00", 0)]),
    (
        "market-tote",
        "Market tote",
        "bags",
        1,
        120,
        [("TO-NAT", "Natural", "40.00", 15), ("TO-IND", "Indigo", "42.00", 3)],
    ),
    ("zip-pouch", "Zip pouch", "bags", 1, 40, [("PO-01", "", "16.00", 25)]),
    (
        "laptop-sleeve",
        "Padded laptop sleeve",
        "bags",
        1,
        90,
        [("LS-13", '13"', "38.00", 4), ("LS-15", '15"', "42.00", 4)],
    ),
    ("crossbody-bag", "Crossbody bag", "bags", None, 150, [("CB-01", "", "58.00", 0)]),
    ("lunch-bag", "Insulated lunch bag", "bags", 1, 80, [("LB-01", "", "28.00", 9)]),
    (
        "soy-candle",
        "Soy candle",
        "home",
        2,
        25,
        [("CA-LAV", "Lavender", "22.00", 30), ("CA-CED", "Cedar", "22.00", 1)],
    ),
    (
        "woven-basket",
        "Woven basket",
        "home",
        None,
        180,
        [("BA-S", "Small", "36.00", 5), ("BA-L", "Large", "54.00", 2)],
    ),
    ("linen-napkins", "Linen napkins (set of 4)", "home", 1, 60, [("NA-01", "", "32.00", 10)]),
    ("tea-towel", "Printed tea towel", "home", None, 20, [("TT-01", "", "14.00", 40)]),
    ("wax-melts", "Wax melts", "home", 2, 10, [("WM-01", "", "8.00", 0)]),
    ("table-runner", "Hand-stitched table runner", "home", 1, 140, [("TR-01", "", "48.00", 3)]),
    ("oat-soap", "Oat and honey soap", "bath-body", 4, 12, [("SO-OAT", "", "8.00", 50)]),
    ("lavender-soap", "Lavender soap", "bath-body", 4, 12, [("SO-LAV", "", "8.00", 2)]),
    ("lip-balm", "Beeswax lip balm", "bath-body", 4, 6, [("LI-01", "", "5.00", 60)]),
    ("bath-soak", "Mineral bath soak", "bath-body", None, 15, [("BS-01", "", "16.00", 0)]),
    ("hand-salve", "Hand salve", "bath-body", 4, 10, [("HS-01", "", "12.00", 14)]),
    (
        "chunky-scarf",
        "Chunky knit scarf",
        "apparel",
        3,
        240,
        [("SC-GRY", "Grey", "55.00", 4), ("SC-RUS", "Rust", "55.00", 0)],
    ),
    ("beanie", "Knit beanie", "apparel", 3, 150, [("BE-01", "", "30.00", 7)]),
    ("silk-scarf", "Hand-dyed silk scarf", "apparel", None, 90, [("SS-01", "", "45.00", 6)]),
    (
        "fingerless-gloves",
        "Fingerless gloves",
        "apparel",
        3,
        120,
        [("GL-S", "S/M", "26.00", 5), ("GL-L", "L/XL", "26.00", 5)],
    ),
]


def makers_add() -> list[Maker]:
    today = timezone.localdate()
    makers = []
    for name, story, web, printed, social, revoked in MAKERS:
        maker, _ = Maker.objects.get_or_create(
            display_name=name,
            defaults={
                "story": story,
                "consent_web": web,
                "consent_print": printed,
                "consent_social": social,
                "consent_given_on": today - dt.timedelta(days=60),
                "consent_expires_on": today + dt.timedelta(days=700),
                "revoked": revoked,
                "internal_reference": f"CF-{len(makers) + 1:03d}",
            },
        )
        makers.append(maker)
    return makers


def category_add(index, slug, title, intro, _colour) -> CategoryPage:
    category = CategoryPage.objects.child_of(index).filter(slug=slug).first()
    if category is None:
        category = index.add_child(instance=CategoryPage(title=title, slug=slug, intro=f"<p>{intro}</p>"))
    return category


# The shape each demo product is drawn as (core/demo_art.py), by the first word of its slug.
MOTIF_BY_SLUG_PREFIX = {
    "beaded": "beads",
    "braided": "beads",
    "stacking": "beads",
    "hammered": "necklace",
    "hope": "necklace",
    "charm": "necklace",
    "soy": "candle",
    "wax": "candle",
    "oat": "soap",
    "lavender": "soap",
    "lip": "jar",
    "bath": "jar",
    "hand": "jar",
    "chunky": "knit",
    "beanie": "knit",
    "fingerless": "knit",
}
CATEGORY_MOTIF = {"bags": "bag", "home": "textile", "apparel": "textile", "jewellery": "beads"}
VIEWS = ["on a studio backdrop", "on a wooden table", "close up"]


def _motif(slug: str, category_slug: str) -> str:
    return MOTIF_BY_SLUG_PREFIX.get(slug.split("-")[0], CATEGORY_MOTIF.get(category_slug, "textile"))


def _images(title: str, colour: str, *, motif: str) -> list:
    """The product's three demo pictures (drawn once, found by title on a second run)."""
    image_model = get_image_model()
    titles = [f"{title} ({where})" for where in VIEWS]
    existing = {image.title: image for image in image_model.objects.filter(title__in=titles)}
    if len(existing) == len(titles):
        return [existing[t] for t in titles]
    pictures = product_photos(title=title, motif=motif, colour=colour)
    images = []
    for image_title, picture in zip(titles, pictures, strict=True):
        if image_title in existing:
            images.append(existing[image_title])
            continue
        slug = image_title.lower().replace(" ", "-").replace("(", "").replace(")", "")
        images.append(
            image_model.objects.create(
                title=image_title,
                file=ImageFile(io.BytesIO(picture), name=f"demo-{slug}.jpg"),
                collection=Collection.get_first_root_node(),
            )
        )
    return images


def product_add(category, slug, title, maker, minutes, variants, *, colour) -> int:
    if ProductPage.objects.filter(slug=slug).exists():
        return 0
    product = category.add_child(
        instance=ProductPage(
            title=title,
            slug=slug,
            summary=f"{title}, made by hand in our workshop.",
            description=[("paragraph", f"<p>Each {title.lower()} is made start to finish by one maker.</p>")],
            materials="Responsibly sourced materials.",
            care="Handle with care; spot clean.",
            maker=maker,
            labour_minutes=Decimal(minutes),
            option1_name="Option" if any(v[1] for v in variants) else "",
        )
    )
    for order, (sku, option, price, stock) in enumerate(variants):
        ProductVariant.objects.create(
            product=product,
            sku=sku,
            option1_value=option,
            price=Money(price, "USD"),
            stock=stock,
            sort_order=order,
            weight_grams=200,
        )
    images = _images(title, colour, motif=_motif(slug, category.slug))
    for view, (image, where) in enumerate(zip(images, VIEWS, strict=True)):
        ProductImage.objects.create(
            product=product,
            image=image,
            alt_text=f"Illustration of the {title.lower()} {where}",
            sort_order=view,
        )
    return 1
