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
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, Site

from core.demo_art import product_photos
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
WAGE_PER_MINUTE = Money("0.30", "USD")  # $18.00 an hour
MATERIALS_PERCENT = Decimal(20)
RULES_FROM = dt.date(2024, 1, 1)
DEMO_SHOPPER_DOMAIN = "shoppers.example.org"
DEMO_TAX_RATE = Decimal("0.07")
DEMO_ADDRESS = {
    "name": "Demo Shopper",
    "line1": "12 Elm St",
    "line2": "",
    "city": "Des Moines",
    "state": "IA",
    "postal_code": "50309",
    "country": "US",
}
# (days ago, [(sku, quantity)], gift added in the cart, refund reported by Stripe): several lines
# under different rules, quantities above one (3 silk scarves fund 3 x what one does).
DEMO_ORDERS = [
    (330, [("SO-OAT", 2), ("CA-LAV", 1)], None, None),
    (290, [("TO-NAT", 1), ("LI-01", 3)], "10.00", None),
    (250, [("SS-01", 3)], None, None),
    (200, [("TT-01", 2), ("PO-01", 1)], None, "5.00"),
    (150, [("BR-RED", 2), ("AN-01", 1)], None, None),
    (100, [("NA-01", 1), ("SO-OAT", 3)], "25.00", None),
    (45, [("BE-01", 1), ("GL-S", 2)], None, None),
    (12, [("CA-LAV", 2), ("HS-01", 1)], None, None),
]


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
    _orders(stdout)
    orders = _orders_paid_today()
    stdout.write(f"shop: {len(PRODUCTS)} products ({created} new) in {len(categories)} categories")
    stdout.write(f"shop: {orders} demo orders paid today")
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
    images = _images(title, colour, motif=_motif(slug, category.slug))
    for view, (image, where) in enumerate(zip(images, VIEWS, strict=True)):
        ProductImage.objects.create(
            product=product,
            image=image,
            alt_text=f"Illustration of the {title.lower()} {where}",
            sort_order=view,
        )
    return 1


def _rules(categories) -> None:
    """Per-category rules: labour minutes at $18/hour to survivor wages, 20 % materials, rest operations.
    Made through the ledger's service like any rule Finance creates."""
    from ledger import services as ledger_services
    from ledger.models import AllocationRule, Fund

    if Fund.objects.filter(slug__in=["survivor-wages", "materials", "operations"]).count() < 3:
        return  # the ledger's accounts are not there (it seeds them in its migration)
    for category in categories.values():
        if AllocationRule.objects.filter(
            target="category", key=str(category.pk), effective_from=RULES_FROM
        ).exists():
            continue
        ledger_services.allocation_rule_create(
            name=f"Shop: {category.title}",
            target="category",
            key=str(category.pk),
            effective_from=RULES_FROM,
            remainder_fund="operations",
            shares=(
                ledger_services.ShareInput(
                    fund="survivor-wages", basis="per_labour_minute", amount=WAGE_PER_MINUTE
                ),
                ledger_services.ShareInput(fund="materials", percentage=MATERIALS_PERCENT),
            ),
        )


def _orders(stdout) -> None:
    """A year of demo orders, bought and paid through the shop's own services (cart, checkout, the
    settled-payment handler, a refund reported by Stripe), so the ledger holds exactly what real
    sales book and `ledger_audit` passes on the demo."""
    from payments.types import PaymentSettled, RefundStatus, RefundUpdated, StripeIds
    from shop.models import Cart, Order
    from shop.services import cart_add, cart_set_gift, order_create_from_cart, order_mark_paid
    from shop.services.refunds import order_refund_updated

    now = timezone.now()
    created = 0
    for index, (days_ago, items, gift, refund) in enumerate(DEMO_ORDERS):
        email = f"shopper{index + 1}@{DEMO_SHOPPER_DOMAIN}"
        if Order.objects.filter(email=email).exists():
            continue
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=[sku for sku, _ in items])}
        if len(variants) < len(items) or any(variants[sku].stock < qty for sku, qty in items):
            continue
        cart = Cart.objects.create()
        for sku, quantity in items:
            cart_add(cart=cart, variant_id=variants[sku].pk, quantity=quantity)
        if gift:
            cart_set_gift(cart=cart, amount=Money(gift, "USD"))
        order = order_create_from_cart(cart=cart, email=email)
        when = now - dt.timedelta(days=days_ago)
        shipping = Money("6.95", "USD")
        tax = Money((order.goods_total.amount * DEMO_TAX_RATE).quantize(Decimal("0.01")), "USD")
        total = order.goods_total + order.gift_total + shipping + tax
        fee = Money((total.amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01")), "USD")
        zero = Money(0, "USD")
        order_mark_paid(
            event=PaymentSettled(
                kind="order",
                reference=order.number,
                amount_total=total,
                amount_subtotal=order.goods_total + order.gift_total,
                amount_tax=tax,
                amount_shipping=shipping,
                amount_discount=zero,
                fee=fee,
                occurred_at=when,
                ids=StripeIds(checkout_session_id=f"cs_demo_{order.number}"),
                customer_email=email,
                customer_name=f"Demo Shopper {index + 1}",
                shipping_address=DEMO_ADDRESS,
                shipping_option_label="Standard shipping",
            )
        )
        if refund:
            order_refund_updated(
                event=RefundUpdated(
                    kind="order",
                    reference=order.number,
                    refund_id=f"re_demo_{order.number}",
                    amount=Money(refund, "USD"),
                    status=RefundStatus.SUCCEEDED,
                    occurred_at=when + dt.timedelta(days=2),
                    ids=StripeIds(),
                    reason="Demo: arrived damaged",
                )
            )
        created += 1
    stdout.write(f"shop: {created} demo orders paid")


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


DEMO_CUSTOMER_DOMAIN = "customers.hopeworks.example"
# (customer, [(sku, quantity)], shipped): paid today, so the admin dashboard and Orders have something.
TODAY_ORDERS = [
    ("Jordan Avery", [("BR-RED", 2), ("CA-LAV", 1)], True),
    ("Sam Rivera", [("TT-01", 1), ("SO-OAT", 3)], False),
    ("Priya Natarajan", [("SS-01", 1)], False),
]
TODAY_ADDRESS = {
    "line1": "100 Main St",
    "line2": "",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
}


def _orders_paid_today() -> int:
    """Paid demo orders through the real checkout and fulfilment services (ledger postings included)."""
    from payments.types import PaymentSettled, StripeIds
    from shop.models import Cart, Order
    from shop.services import cart_add, order_create_from_cart, order_mark_paid, order_ship

    if Order.objects.filter(email__endswith=f"@{DEMO_CUSTOMER_DOMAIN}").exists():
        return 0
    created = 0
    for index, (name, lines, shipped) in enumerate(TODAY_ORDERS, start=1):
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=[sku for sku, _ in lines])}
        if len(variants) != len(lines):
            continue
        cart = Cart.objects.create()
        for sku, quantity in lines:
            cart_add(cart=cart, variant_id=variants[sku].pk, quantity=quantity)
        email = f"{name.split()[0].lower()}@{DEMO_CUSTOMER_DOMAIN}"
        order = order_create_from_cart(cart=cart, email=email)
        total = order.goods_total + order.gift_total
        zero = Money(0, order.currency)
        order = order_mark_paid(
            event=PaymentSettled(
                kind="order",
                reference=order.number,
                amount_total=total,
                amount_subtotal=total,
                amount_tax=zero,
                amount_shipping=zero,
                amount_discount=zero,
                fee=Money(
                    (total.amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01")), "USD"
                ),
                occurred_at=timezone.now(),
                ids=StripeIds(payment_intent_id=f"pi_demo_{order.number}"),
                customer_email=email,
                customer_name=name,
                shipping_address={"name": name, **TODAY_ADDRESS},
                shipping_option_label="Standard shipping",
            )
        )
        if shipped:
            order_ship(order=order, carrier="USPS", tracking_number=f"9400 1000 0000 0000 0000 {index:02d}")
        created += 1
    return created
