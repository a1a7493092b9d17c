"""Gifts of Hope reads: what is in a box, how many can be made, its price, and what it funds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from djmoney.money import Money

from core.money import split_by_weights, zero
from ledger.types import Channel
from shop.models import GiftBoxPage, GiftOrder, GiftsSettings, PaletteColour, ProductVariant
from shop.selectors.cart import category_ids_for
from shop.selectors.gift_pricing import Band, OptionPrice, PriceBreakdown, PricingError, box_price
from shop.selectors.impact import impact_summary, revenue_line


@dataclass(frozen=True, kw_only=True)
class LineSpec:
    """One shop order line of a box order: a component (quantity per box x boxes) or the assembly."""

    title: str
    quantity: int
    line_total: Money
    product_id: int | None
    category_id: int | None = None
    variant: ProductVariant | None = None
    sku: str = ""
    variant_label: str = ""
    labour_minutes: Decimal = Decimal(0)
    box_id: int | None = None  # the assembly line: split by the box's own rule

    @property
    def unit_price(self) -> Money:
        from core.money import quantize

        return quantize(self.line_total / self.quantity)


def box_contents(*, box: GiftBoxPage, selections=()) -> list[tuple[ProductVariant | None, int]]:
    """(variant, quantity per box); a classic box's own list, or a build-your-own selection."""
    if not box.is_build:
        return [(c.variant, c.quantity) for c in box.components.select_related("variant__product")]
    ids = [int(variant_id) for variant_id, _ in selections]
    variants = ProductVariant.objects.select_related("product").in_bulk(ids)
    return [(variants.get(int(variant_id)), int(qty)) for variant_id, qty in selections]


def boxes_available(contents) -> int:
    """How many whole boxes the component stock makes: a box is sold out when any component is."""
    if not contents:
        return 0
    counts = []
    for variant, qty in contents:
        if variant is None or not variant.is_active or not variant.product.live:
            return 0
        counts.append(variant.stock // qty)
    return min(counts)


def base_price_of(*, box: GiftBoxPage, size=None, contents=()) -> Money:
    if not box.is_build:
        return box.price
    currency = str(size.base_price.currency) if size else "USD"
    total = size.base_price if size else zero(currency)
    for variant, qty in contents:
        if variant is not None:
            total += variant.price * qty
    return total


def bands_of(box: GiftBoxPage) -> list[Band]:
    return [Band(min_quantity=b.min_quantity, discount_percent=b.discount_percent) for b in box.bands.all()]


def options_of(gift: GiftOrder, settings: GiftsSettings) -> list[OptionPrice]:
    options = []
    if gift.ribbon_id or gift.tissue_id or gift.card_id:
        options.append(
            OptionPrice(
                label="Colours", surcharge=settings.colours_surcharge, setup_fee=settings.colours_setup_fee
            )
        )
    if gift.logo:
        options.append(
            OptionPrice(label="Logo", surcharge=settings.logo_surcharge, setup_fee=settings.logo_setup_fee)
        )
    if gift.initials:
        options.append(
            OptionPrice(
                label="Initials", surcharge=settings.initials_surcharge, setup_fee=settings.initials_setup_fee
            )
        )
    if gift.message:
        options.append(
            OptionPrice(
                label="Personal message",
                surcharge=settings.message_surcharge,
                setup_fee=settings.message_setup_fee,
            )
        )
    return options


def gift_price(
    *, gift: GiftOrder, shipments: int | None = None, override: Money | None = None
) -> PriceBreakdown:
    settings = GiftsSettings.load()
    contents = box_contents(box=gift.box, selections=gift.selections)
    count = gift.shipments.count() if shipments is None else shipments
    return box_price(
        base_price=base_price_of(box=gift.box, size=gift.size, contents=contents),
        quantity=gift.quantity,
        minimum_quantity=gift.box.minimum_quantity,
        bands=bands_of(gift.box),
        options=options_of(gift, settings),
        shipments=count,
        shipping_per_shipment=settings.shipping_per_recipient,
        unit_price_override=override,
    )


def box_line_specs(*, box: GiftBoxPage, contents, boxes: int, goods_total: Money) -> list[LineSpec]:
    """The goods of `boxes` boxes as shop lines: the assembly share first, the rest split across the
    components in proportion to their catalogue value (component price x quantity), exactly."""
    currency = str(goods_total.currency)
    assembly = min(box.assembly_share * boxes, goods_total) if box.assembly_share.amount else zero(currency)
    rest = goods_total - assembly
    weights = [variant.price * qty * boxes for variant, qty in contents]
    parts = split_by_weights(rest, weights)
    categories = category_ids_for(variant.product_id for variant, _ in contents)
    specs = [
        LineSpec(
            title=variant.product.title,
            quantity=qty * boxes,
            line_total=part,
            product_id=variant.product_id,
            category_id=categories.get(variant.product_id),
            variant=variant,
            sku=variant.sku,
            variant_label=variant.label,
            labour_minutes=variant.effective_labour_minutes,
        )
        for (variant, qty), part in zip(contents, parts, strict=True)
    ]
    if assembly.amount > 0 or box.assembly_minutes:
        specs.append(
            LineSpec(
                title=f"Assembly and packing: {box.title}"[:255],
                quantity=boxes,
                line_total=assembly,
                product_id=None,
                box_id=box.pk,
                labour_minutes=box.assembly_minutes,
            )
        )
    return specs


def revenue_of(specs: list[LineSpec]) -> list:
    """Ledger revenue lines through the shop's own builder, so boxes follow every shop rule."""
    return [
        revenue_line(
            amount=spec.line_total,
            product_id=spec.product_id,
            category_id=spec.category_id,
            quantity=spec.quantity,
            labour_minutes=spec.labour_minutes,
            label=spec.sku or spec.title,
            box_id=spec.box_id,
        )
        for spec in specs
    ]


def box_impact(*, box: GiftBoxPage, contents, unit_goods: Money) -> str:
    """What one box funds ("funds about 2 hours of survivor wages"), by the rules in force."""
    if not contents or any(variant is None for variant, _ in contents) or unit_goods.amount <= 0:
        return ""
    return impact_summary(
        revenue=revenue_of(box_line_specs(box=box, contents=contents, boxes=1, goods_total=unit_goods)),
        channel=Channel.GIFT_BOXES,
    )


def palette(kind: str):
    return PaletteColour.objects.filter(is_active=True, **{f"for_{kind}": True})


def box_page_context(*, box: GiftBoxPage) -> dict:
    contents = box_contents(box=box) if not box.is_build else []
    available = boxes_available(contents) if not box.is_build else None
    bands = sorted(bands_of(box), key=lambda band: band.min_quantity)
    choices = [c.variant for c in box.choices.select_related("variant__product") if c.variant.is_active]
    sizes = list(box.sizes.all())
    if box.is_build:
        impact = ""
        start_price = min((s.base_price for s in sizes), default=None, key=lambda m: m.amount)
    else:
        impact = box_impact(box=box, contents=contents, unit_goods=box.price)
        start_price = box.price
    return {
        "contents": contents,
        "available": available,
        "sold_out": available == 0,
        "bands": bands,
        "band_prices": [(band, _band_price(box.price, band)) for band in bands]
        if not box.is_build
        else [(band, None) for band in bands],
        "choices": choices,
        "choice_impacts": {
            v.pk: impact_summary(
                revenue=[
                    revenue_line(
                        amount=v.price, product_id=v.product_id, labour_minutes=v.effective_labour_minutes
                    )
                ],
                channel=Channel.GIFT_BOXES,
            )
            for v in choices
        },
        "sizes": sizes,
        "impact": impact,
        "start_price": start_price,
    }


def _band_price(price: Money, band: Band) -> Money:
    try:
        return box_price(base_price=price, quantity=band.min_quantity, bands=[band]).unit_price
    except PricingError:
        return price


def gifts_index_context(*, page) -> dict:
    boxes = GiftBoxPage.objects.child_of(page).live().specific().order_by("path")
    cards = []
    for box in boxes:
        contents = box_contents(box=box) if not box.is_build else []
        cards.append(
            {
                "box": box,
                "sold_out": (not box.is_build) and boxes_available(contents) == 0,
                "impact": ""
                if box.is_build
                else box_impact(box=box, contents=contents, unit_goods=box.price),
                "from_price": box.price
                if not box.is_build
                else min((s.base_price for s in box.sizes.all()), default=None, key=lambda m: m.amount),
            }
        )
    return {"boxes": cards}


def gift_order_by_token(*, token: str) -> GiftOrder | None:
    if not isinstance(token, str) or len(token) > 64:
        return None
    return (
        GiftOrder.objects.select_related("box", "size", "ribbon", "tissue", "card", "order")
        .filter(token=token)
        .first()
    )
