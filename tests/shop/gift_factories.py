"""Gift box test data: the Gifts of Hope index, classic and build-your-own boxes, a palette."""

from __future__ import annotations

import itertools
from decimal import Decimal

from shop.models import (
    BoxChoice,
    BoxComponent,
    BoxPriceBand,
    BoxSize,
    GiftBoxPage,
    GiftsOfHopeIndexPage,
    PaletteColour,
)
from tests.shop.factories import default_site_root, usd

_seq = itertools.count(1)


def gifts_index_create() -> GiftsOfHopeIndexPage:
    existing = GiftsOfHopeIndexPage.objects.first()
    if existing is not None:
        return existing
    return default_site_root().add_child(
        instance=GiftsOfHopeIndexPage(
            title="Gifts of Hope", slug="gifts-of-hope", intro="<p>Gifts that give.</p>"
        )
    )


def classic_box_create(
    *,
    components,
    price="60.00",
    title=None,
    minimum_quantity=1,
    bands=(),
    assembly_share="0",
    assembly_minutes=0,
) -> GiftBoxPage:
    """`components`: [(variant, quantity per box)]; `bands`: [(min_quantity, discount percent)]."""
    n = next(_seq)
    box = gifts_index_create().add_child(
        instance=GiftBoxPage(
            title=title or f"Classic box {n}",
            slug=f"classic-box-{n}",
            summary="A curated box.",
            kind=GiftBoxPage.Kind.CLASSIC,
            price=usd(price),
            minimum_quantity=minimum_quantity,
            assembly_share=usd(assembly_share),
            assembly_minutes=Decimal(assembly_minutes),
        )
    )
    for index, (variant, quantity) in enumerate(components):
        BoxComponent.objects.create(box=box, variant=variant, quantity=quantity, sort_order=index)
    for index, (minimum, percent) in enumerate(bands):
        BoxPriceBand.objects.create(
            box=box, min_quantity=minimum, discount_percent=Decimal(percent), sort_order=index
        )
    return box


def build_box_create(
    *, choices, sizes=(("Small", 3, "20.00"), ("Large", 6, "30.00")), bands=()
) -> GiftBoxPage:
    n = next(_seq)
    box = gifts_index_create().add_child(
        instance=GiftBoxPage(
            title=f"Build your own {n}",
            slug=f"build-your-own-{n}",
            summary="Fill it yourself.",
            kind=GiftBoxPage.Kind.BUILD,
        )
    )
    for index, (name, slots, base) in enumerate(sizes):
        BoxSize.objects.create(box=box, name=name, slots=slots, base_price=usd(base), sort_order=index)
    for index, variant in enumerate(choices):
        BoxChoice.objects.create(box=box, variant=variant, sort_order=index)
    for index, (minimum, percent) in enumerate(bands):
        BoxPriceBand.objects.create(
            box=box, min_quantity=minimum, discount_percent=Decimal(percent), sort_order=index
        )
    return box


def palette_create() -> list[PaletteColour]:
    colours = [("Sage", "#6B8F71"), ("Blush", "#E8B4B8"), ("Navy", "#1F3A5F")]
    return [
        PaletteColour.objects.get_or_create(name=name, defaults={"hex": hexa})[0] for name, hexa in colours
    ]
