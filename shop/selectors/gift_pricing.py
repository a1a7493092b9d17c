"""Gift box pricing as a pure function: Money and integers in, an exact breakdown out.

unit price = base price less the discount of the highest volume band the quantity reaches, rounded
half-up to the cent once (per box, so every box of an order costs the same); goods = unit price x
boxes + each chosen option's surcharge x boxes + each option's one-time setup fee; shipping = the
per-recipient rate x recipients. Within a band the total therefore rises by a constant step per box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from djmoney.money import Money

from core.money import quantize, zero


class PricingError(ValueError):
    """The quantity cannot be priced (below the minimum, or nothing to price)."""


@dataclass(frozen=True, kw_only=True)
class Band:
    min_quantity: int
    discount_percent: Decimal


@dataclass(frozen=True, kw_only=True)
class OptionPrice:
    label: str
    surcharge: Money  # per box
    setup_fee: Money  # once per order


@dataclass(frozen=True, kw_only=True)
class PriceBreakdown:
    quantity: int
    base_price: Money
    discount_percent: Decimal
    unit_price: Money
    boxes_total: Money
    options: tuple[OptionPrice, ...]
    surcharge_per_box: Money
    surcharges_total: Money
    setup_fees_total: Money
    goods_total: Money
    shipments: int
    shipping_total: Money

    @property
    def total(self) -> Money:
        return self.goods_total + self.shipping_total

    @property
    def per_box_all_in(self) -> Money:
        return quantize(self.goods_total / self.quantity)


def band_for(quantity: int, bands: Sequence[Band]) -> Band | None:
    reached = [band for band in bands if band.min_quantity <= quantity]
    return max(reached, key=lambda band: band.min_quantity) if reached else None


def box_price(
    *,
    base_price: Money,
    quantity: int,
    minimum_quantity: int = 1,
    bands: Sequence[Band] = (),
    options: Sequence[OptionPrice] = (),
    shipments: int = 0,
    shipping_per_shipment: Money | None = None,
    unit_price_override: Money | None = None,
) -> PriceBreakdown:
    if quantity < 1:
        raise PricingError("Order at least one box.")
    if quantity < minimum_quantity:
        raise PricingError(f"This box has a minimum order of {minimum_quantity}.")
    currency = str(base_price.currency)
    band = band_for(quantity, bands)
    discount = band.discount_percent if band else Decimal(0)
    if unit_price_override is not None:
        unit_price = quantize(unit_price_override)
    else:
        unit_price = quantize(base_price * (Decimal(100) - discount) / Decimal(100))
    surcharge = zero(currency)
    setup = zero(currency)
    for option in options:
        surcharge += option.surcharge
        setup += option.setup_fee
    boxes_total = unit_price * quantity
    surcharges_total = surcharge * quantity
    goods = boxes_total + surcharges_total + setup
    rate = shipping_per_shipment if shipping_per_shipment is not None else zero(currency)
    return PriceBreakdown(
        quantity=quantity,
        base_price=base_price,
        discount_percent=discount if unit_price_override is None else Decimal(0),
        unit_price=unit_price,
        boxes_total=boxes_total,
        options=tuple(options),
        surcharge_per_box=surcharge,
        surcharges_total=surcharges_total,
        setup_fees_total=setup,
        goods_total=goods,
        shipments=shipments,
        shipping_total=rate * shipments,
    )
