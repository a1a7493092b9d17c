"""Demo content for Gifts of Hope, through the services (never ledger rows by hand). Idempotent.

The index page (in the header menu), three classic boxes, a build-your-own box in two sizes, a
palette, volume bands, one paid multi-recipient order (demo gateway) and one open quote.
"""

from __future__ import annotations

from decimal import Decimal

from djmoney.money import Money

from shop.models import (
    BoxChoice,
    BoxComponent,
    BoxPriceBand,
    BoxSize,
    GiftBoxPage,
    GiftOrder,
    GiftsOfHopeIndexPage,
    PaletteColour,
    ProductVariant,
)

PALETTE = [
    ("Sage", "#6B8F71"),
    ("Blush", "#E8B4B8"),
    ("Navy", "#1F3A5F"),
    ("Gold", "#C9A227"),
    ("Ivory", "#F4EFE1"),
]
BANDS = [(25, Decimal(5)), (100, Decimal(10)), (250, Decimal(15))]
CLASSICS = [
    (
        "thank-you-box",
        "The Thank-You Box",
        "A candle, soap and lip balm: a warm thank-you for clients.",
        "42.00",
        [("SO-OAT", 1), ("LI-01", 1), ("HS-01", 1)],
    ),
    (
        "welcome-box",
        "The Welcome Box",
        "Tea towel, soap and salve for new team members.",
        "38.00",
        [("TT-01", 1), ("SO-OAT", 1), ("HS-01", 1)],
    ),
    (
        "speaker-box",
        "The Speaker Box",
        "A zip pouch with lip balm and soap, for speakers and guests.",
        "36.00",
        [("PO-01", 1), ("LI-01", 1), ("SO-OAT", 1)],
    ),
]
BUILD_CHOICES = ["SO-OAT", "LI-01", "HS-01", "TT-01", "PO-01", "AN-01"]


def _index(home) -> GiftsOfHopeIndexPage:
    index = GiftsOfHopeIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=GiftsOfHopeIndexPage(
                title="Gifts of Hope",
                slug="gifts-of-hope",
                show_in_menus=True,
                intro="<p>Shop our classic box combinations or create your own! Customize colors, add logos, "
                "initials and a personalized message. Every box pays survivor wages.</p>",
            )
        )
    return index


def _variants(skus):
    return {v.sku: v for v in ProductVariant.objects.filter(sku__in=skus)}


def seed_gifts(*, home, stdout) -> None:
    index = _index(home)
    for order, (name, hexa) in enumerate(PALETTE):
        PaletteColour.objects.get_or_create(name=name, defaults={"hex": hexa, "sort_order": order})
    variants = _variants({sku for *_, parts in CLASSICS for sku, _ in parts} | set(BUILD_CHOICES))
    boxes = []
    for slug, title, summary, price, parts in CLASSICS:
        box = GiftBoxPage.objects.filter(slug=slug).first()
        if box is None:
            box = index.add_child(
                instance=GiftBoxPage(
                    title=title,
                    slug=slug,
                    summary=summary,
                    price=Money(price, "USD"),
                    minimum_quantity=1,
                    assembly_share=Money("3.00", "USD"),
                    assembly_minutes=Decimal(10),
                )
            )
            for n, (sku, qty) in enumerate(parts):
                if sku in variants:
                    BoxComponent.objects.create(box=box, variant=variants[sku], quantity=qty, sort_order=n)
            for n, (minimum, off) in enumerate(BANDS):
                BoxPriceBand.objects.create(box=box, min_quantity=minimum, discount_percent=off, sort_order=n)
        boxes.append(box)
    if not GiftBoxPage.objects.filter(slug="build-your-own").exists():
        build = index.add_child(
            instance=GiftBoxPage(
                title="Build Your Own Box",
                slug="build-your-own",
                kind=GiftBoxPage.Kind.BUILD,
                summary="Pick the size, fill it with what you love.",
                assembly_share=Money("3.00", "USD"),
                assembly_minutes=Decimal(10),
            )
        )
        BoxSize.objects.create(
            box=build, name="Small", slots=3, base_price=Money("8.00", "USD"), sort_order=0
        )
        BoxSize.objects.create(
            box=build, name="Large", slots=6, base_price=Money("12.00", "USD"), sort_order=1
        )
        for n, sku in enumerate(BUILD_CHOICES):
            if sku in variants:
                BoxChoice.objects.create(box=build, variant=variants[sku], sort_order=n)
        for n, (minimum, off) in enumerate(BANDS):
            BoxPriceBand.objects.create(box=build, min_quantity=minimum, discount_percent=off, sort_order=n)
    if not GiftOrder.objects.exists() and boxes:
        _demo_orders(boxes[0])
    if boxes and not GiftOrder.objects.filter(quantity__gte=BULK_QUOTE_BOXES).exists():
        _bulk_quote(boxes[-1])
    stdout.write(
        f"gifts of hope: {GiftBoxPage.objects.count()} boxes, {GiftOrder.objects.count()} gift orders"
    )


def _demo_orders(box) -> None:
    from payments.services.demo import demo_session_pay
    from shop.services import gift_checkout, gift_orders, gift_quotes
    from shop.services.gift_recipients import Recipient, gift_recipients_replace

    people = [
        ("Jordan Lee", "62701", "IL", "Springfield"),
        ("Sam Ortiz", "73301", "TX", "Austin"),
        ("Priya Nair", "98101", "WA", "Seattle"),
    ]
    paid = gift_orders.gift_order_start(box=box, quantity=3)
    gift_orders.gift_order_customise(gift=paid, initials="ACM", message="Thank you for a wonderful year!")
    gift_recipients_replace(
        gift=paid,
        recipients=[
            Recipient(
                row=i + 2, name=n, line1=f"{i + 1}00 Main St", city=c, region=r, postal_code=z, country="US"
            )
            for i, (n, z, r, c) in enumerate(people)
        ],
    )
    gift_orders.gift_order_set_contact(
        gift=paid, company="Acme Demo Co", contact_name="Ann Office", email="ann@acme.example"
    )
    start = gift_checkout.gift_order_checkout(
        gift=paid, success_url="http://localhost/ok", cancel_url="http://localhost/no"
    )
    demo_session_pay(session_id=start.session_id)

    quote = gift_orders.gift_order_start(box=box, quantity=10)
    gift_recipients_replace(
        gift=quote,
        recipients=[
            Recipient(
                row=2,
                name="Front desk",
                company="Globex",
                line1="1 Plaza",
                city="Chicago",
                region="IL",
                postal_code="60601",
                country="US",
            )
        ],
    )
    gift_orders.gift_order_set_contact(
        gift=quote, company="Globex Demo", contact_name="Gil", email="gil@globex.example"
    )
    gift_quotes.gift_quote_request(gift=quote, note="Conference gifts, delivery in March.")


BULK_QUOTE_BOXES = 200


def _bulk_quote(box) -> None:
    """An open quote for 200 Speaker Boxes (a conference): the kind of order staff invoice.

    The workshop makes a batch for the conference season first, so the components cover 200 boxes
    (the quote reserves them only when staff send the invoice)."""
    from django.db.models import F
    from django.db.models.functions import Greatest

    from shop.services import gift_orders, gift_quotes
    from shop.services.gift_recipients import Recipient, gift_recipients_replace

    needed = {c.variant_id: c.quantity * BULK_QUOTE_BOXES + 20 for c in box.components.all() if c.variant_id}
    for variant_id, stock in needed.items():
        ProductVariant.objects.filter(pk=variant_id).update(stock=Greatest(F("stock"), stock))
    gift = gift_orders.gift_order_start(box=box, quantity=BULK_QUOTE_BOXES)
    gift_orders.gift_order_customise(gift=gift, initials="IS", message="Welcome to Initech Summit 2027!")
    gift_recipients_replace(
        gift=gift,
        recipients=[
            Recipient(
                row=2,
                name="Event logistics",
                company="Initech",
                line1="400 Convention Way",
                city="Denver",
                region="CO",
                postal_code="80202",
                country="US",
            )
        ],
    )
    gift_orders.gift_order_set_contact(
        gift=gift, company="Initech Demo", contact_name="Pat Events", email="pat@initech.example"
    )
    gift_quotes.gift_quote_request(
        gift=gift, note="Speaker and attendee boxes for our summit; one delivery to the venue, net 30."
    )
