"""Demo shop for `make run`: categories, 26 products with variants and stock (some sold out), makers
with consent (one revoked, never shown) and per-category allocation rules. Idempotent: run it twice
and nothing doubles (everything is looked up by slug, SKU or name first)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from djmoney.money import Money
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, Site

from shop.models import CategoryPage, Maker, ProductImage, ProductPage, ProductVariant, ShopIndexPage

CATEGORIES = {
    "jewellery": ("Jewellery", "Beaded, braided and hammered by hand.", "#b5838d"),
    "bags": ("Bags", "Totes and pouches sewn in our workshop.", "#6d6875"),
    "home": ("Home", "Candles, baskets and table linens.", "#e5989b"),
    "bath-body": ("Bath & body", "Small-batch soaps and balms.", "#a3b18a"),
    "apparel": ("Apparel", "Scarves and knits.", "#588157"),
}
MAKERS = [
    # display name, story, web, print, social, revoked
    ("Asha", "I learned to bead here. Every bracelet is a day of steady work.", True, True, False, False),
    ("Mei", "Sewing gave me a trade and my confidence back.", True, False, True, False),
    ("Rosa", "I pour every candle by hand, one batch at a time.", True, True, True, False),
    ("Grace", "Knitting is calm for me. I hope you feel it too.", True, False, False, False),
    ("Lina", "I make our soaps with oils I chose myself.", True, True, False, False),
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
WAGE_PER_MINUTE = Money("0.30", "USD")  # $18.00 an hour
MATERIALS_PERCENT = Decimal(20)


def seed(*, stdout) -> None:
    index = _shop_index()
    makers = _makers()
    categories = {slug: _category(index, slug, *spec) for slug, spec in CATEGORIES.items()}
    created = 0
    for slug, title, category, maker, minutes, variants in PRODUCTS:
        created += _product(
            categories[category],
            slug,
            title,
            makers[maker] if maker is not None else None,
            minutes,
            variants,
            colour=CATEGORIES[category][2],
        )
    _rules(categories)
    _manager_page_permissions(index)
    stdout.write(f"shop: {len(PRODUCTS)} products ({created} new) in {len(categories)} categories")
    from shop.gift_demo import seed_gifts

    seed_gifts(home=_home_page(), stdout=stdout)


def _home_page() -> Page:
    home = Page.objects.filter(content_type__app_label="cms", content_type__model="homepage").first()
    if home is not None:
        return home
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page if site else Page.get_first_root_node()


def _shop_index() -> ShopIndexPage:
    index = ShopIndexPage.objects.first()
    if index is None:
        index = _home_page().add_child(
            instance=ShopIndexPage(
                title="Shop",
                slug="shop",
                intro="<p>Everything here is handmade by survivors, and every purchase pays their wages.</p>",
                show_in_menus=True,
            )
        )
    elif not index.show_in_menus:
        index.show_in_menus = True
        index.save(update_fields=["show_in_menus"])
    return index


def _makers() -> list[Maker]:
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


def _category(index, slug, title, intro, _colour) -> CategoryPage:
    category = CategoryPage.objects.child_of(index).filter(slug=slug).first()
    if category is None:
        category = index.add_child(instance=CategoryPage(title=title, slug=slug, intro=f"<p>{intro}</p>"))
    return category


def _image(title: str, colour: str):
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 800), colour).save(buffer, format="PNG")
    return image_model.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"demo-{title.lower().replace(' ', '-')}.png"),
        collection=Collection.get_first_root_node(),
    )


def _product(category, slug, title, maker, minutes, variants, *, colour) -> int:
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
    ProductImage.objects.create(
        product=product, image=_image(title, colour), alt_text=f"{title} on a plain background"
    )
    return 1


def _rules(categories) -> None:
    """Per-category rules: labour minutes at $18/hour to survivor wages, 20 % materials, rest operations."""
    from ledger.models import AllocationRule, AllocationShare, Fund, ShareBasis

    funds = {
        fund.slug: fund
        for fund in Fund.objects.filter(slug__in=["survivor-wages", "materials", "operations"])
    }
    if len(funds) < 3:
        return  # the ledger's accounts are not there (it seeds them in its migration)
    for category in categories.values():
        rule, created = AllocationRule.objects.get_or_create(
            target="category",
            key=str(category.pk),
            effective_from=dt.date(2024, 1, 1),
            defaults={"name": f"Shop: {category.title}", "remainder_fund": funds["operations"]},
        )
        if created:
            AllocationShare.objects.create(
                rule=rule,
                fund=funds["survivor-wages"],
                basis=ShareBasis.PER_LABOUR_MINUTE,
                amount=WAGE_PER_MINUTE,
                sort_order=0,
            )
            AllocationShare.objects.create(
                rule=rule,
                fund=funds["materials"],
                basis=ShareBasis.PERCENTAGE,
                percentage=MATERIALS_PERCENT,
                sort_order=1,
            )


def _manager_page_permissions(index) -> None:
    group = Group.objects.filter(name="Shop managers").first()
    if group is None:
        return
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=_page_permission(permission),
        )


def _page_permission(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
