"""A build-your-own box as the customer fills it: the running price and what one box would fund,
for the box page's live summary. The same pricing (`box_price`) and claim (`box_impact`, i.e.
`ledger.selectors.impact_claim`) as the order itself; the page only displays what this returns."""

from __future__ import annotations

from dataclasses import dataclass

from shop.models import GiftBoxPage

from .gift_pricing import PricingError, box_price
from .gifts import bands_of, base_price_of, box_contents, box_impact, boxes_available

MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class Estimate:
    slots: int
    used: int
    problems: list[str]
    unit_price: str = ""
    goods_total: str = ""
    discount_percent: str = ""
    impact: str = ""

    def as_json(self) -> dict:
        return {
            "slots": self.slots,
            "used": self.used,
            "slots_left": self.slots - self.used,
            "ok": not self.problems,
            "problems": self.problems,
            "unit_price": self.unit_price,
            "goods_total": self.goods_total,
            "discount_percent": self.discount_percent,
            "impact": self.impact,
        }


def build_estimate(*, box: GiftBoxPage, size_id: int, chosen: dict[int, int], quantity: int) -> Estimate:
    size = box.sizes.filter(pk=size_id).first()
    if size is None:
        return Estimate(slots=0, used=0, problems=["Choose a box size."])
    eligible = {choice.variant_id for choice in box.choices.all()}
    picked = {variant_id: qty for variant_id, qty in chosen.items() if qty > 0}
    used = sum(picked.values())
    problems = []
    if any(variant_id not in eligible for variant_id in picked):
        problems.append("One of the chosen items cannot go in this box.")
        picked = {variant_id: qty for variant_id, qty in picked.items() if variant_id in eligible}
    if used > size.slots:
        problems.append(f"The {size.name} box holds {size.slots} items; remove {used - size.slots}.")
    if not picked:
        problems.append(f"Choose up to {size.slots} items.")
        return Estimate(slots=size.slots, used=used, problems=problems)
    contents = box_contents(box=box, selections=sorted(picked.items()))
    quantity = min(max(quantity, 1), MAX_QUANTITY)
    if boxes_available(contents) < quantity:
        problems.append("Not enough of the chosen items in stock for that many boxes.")
    try:
        price = box_price(
            base_price=base_price_of(box=box, size=size, contents=contents),
            quantity=quantity,
            minimum_quantity=box.minimum_quantity,
            bands=bands_of(box),
        )
    except PricingError as error:
        return Estimate(slots=size.slots, used=used, problems=[*problems, str(error)])
    return Estimate(
        slots=size.slots,
        used=used,
        problems=problems,
        unit_price=str(price.unit_price),
        goods_total=str(price.goods_total),
        discount_percent=f"{price.discount_percent.normalize():f}" if price.discount_percent else "",
        impact=box_impact(box=box, contents=contents, unit_goods=price.unit_price),
    )
