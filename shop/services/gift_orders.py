"""Gift box orders: start (box, size, contents, quantity), customise, and set the contact.

Placing the order and paying for it live in gift_checkout.py; quotes in gift_quotes.py.
"""

from __future__ import annotations

import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction

from shop.errors import GiftError
from shop.models import GiftBoxPage, GiftOrder, GiftsSettings, PaletteColour
from shop.selectors import gifts as gift_selectors
from shop.selectors.gift_pricing import PriceBreakdown, PricingError

from .gift_uploads import upload_check

logger = logging.getLogger(__name__)
MAX_BOXES = 10_000
INITIALS = re.compile(r"^[A-Z]{1,3}$")


def boxes_stock_check(contents, quantity: int) -> None:
    for variant, qty in contents:
        if variant is None or not variant.is_active or not variant.product.live:
            raise GiftError("One of this box's items is no longer available; please choose another box.")
        if variant.stock < qty * quantity:
            boxes = variant.stock // qty
            raise GiftError(
                f"{variant.product.title} has stock for {boxes} box{'es' if boxes != 1 else ''} right now."
            )


def _selections(box: GiftBoxPage, size, chosen: dict[int, int]) -> list[list[int]]:
    if size is None or size.box_id != box.pk:
        raise GiftError("Choose a box size.")
    eligible = set(box.choices.values_list("variant_id", flat=True))
    picked = {int(v): int(q) for v, q in chosen.items() if int(q) > 0}
    if not picked:
        raise GiftError(f"Choose up to {size.slots} items for your box.")
    if any(variant_id not in eligible for variant_id in picked):
        raise GiftError("One of the chosen items cannot go in this box.")
    if sum(picked.values()) > size.slots:
        raise GiftError(f"The {size.name} box holds {size.slots} items; you chose {sum(picked.values())}.")
    return [[variant_id, qty] for variant_id, qty in sorted(picked.items())]


@transaction.atomic
def gift_order_start(*, box: GiftBoxPage, quantity: int, size=None, chosen: dict | None = None) -> GiftOrder:
    if not box.live:
        raise GiftError("This box is not available.")
    if not 1 <= quantity <= MAX_BOXES:
        raise GiftError(f"Order between 1 and {MAX_BOXES:,} boxes (for more, contact us).")
    if quantity < box.minimum_quantity:
        raise GiftError(f"This box has a minimum order of {box.minimum_quantity}.")
    selections = _selections(box, size, chosen or {}) if box.is_build else []
    contents = gift_selectors.box_contents(box=box, selections=selections)
    if not contents:
        raise GiftError("This box has no contents yet.")
    boxes_stock_check(contents, quantity)
    return GiftOrder.objects.create(
        box=box, size=size if box.is_build else None, quantity=quantity, selections=selections
    )


def _colour(value, kind: str):
    if value in (None, ""):
        return None
    colour = gift_selectors.palette(kind).filter(pk=value).first() if str(value).isdigit() else None
    if colour is None:
        raise GiftError(f"Choose a {kind} colour from the palette.")
    return colour


@transaction.atomic
def gift_order_customise(
    *,
    gift: GiftOrder,
    ribbon=None,
    tissue=None,
    card=None,
    initials: str = "",
    message: str = "",
    logo=None,
    remove_logo: bool = False,
) -> GiftOrder:
    gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
    if gift.status != GiftOrder.Status.DRAFT:
        raise GiftError("This order has been placed; its customisation can no longer change.")
    settings = GiftsSettings.load()
    initials = (initials or "").strip().upper()
    if initials and not INITIALS.match(initials):
        raise GiftError("Initials are 1 to 3 letters A-Z.")
    message = (message or "").strip().replace("\r\n", "\n")
    if len(message) > settings.message_max_length:
        raise GiftError(f"The message is {len(message)} characters; at most {settings.message_max_length}.")
    gift.ribbon = _colour(ribbon, "ribbon")
    gift.tissue = _colour(tissue, "tissue")
    gift.card = _colour(card, "card")
    gift.initials, gift.message = initials, message
    if remove_logo and gift.logo:
        gift.logo.delete(save=False)
        gift.logo, gift.logo_content_type, gift.logo_status = "", "", GiftOrder.LogoStatus.NONE
    if logo is not None:
        checked = upload_check(upload=logo)
        if gift.logo:
            gift.logo.delete(save=False)
        gift.logo.save(f"logo.{checked.extension}", ContentFile(checked.content), save=False)
        gift.logo_content_type = checked.content_type
        gift.logo_status = GiftOrder.LogoStatus.PENDING
    gift.save()
    return gift


@transaction.atomic
def gift_order_set_contact(*, gift: GiftOrder, company: str, contact_name: str, email: str) -> GiftOrder:
    gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
    gift.company, gift.contact_name, gift.email = (
        " ".join(company.split())[:200],
        contact_name.strip()[:200],
        email.strip(),
    )
    gift.save(update_fields=["company", "contact_name", "email", "updated_at"])
    return gift


def gift_price_checked(*, gift: GiftOrder, override=None) -> PriceBreakdown:
    try:
        return gift_selectors.gift_price(gift=gift, override=override)
    except PricingError as error:
        raise GiftError(str(error)) from error


def palette_choices(kind: str) -> list[PaletteColour]:
    return list(gift_selectors.palette(kind))
