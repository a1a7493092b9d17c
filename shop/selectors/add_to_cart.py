"""The reads an add to cart makes, as statements compiled once (core/statements.py): the add is the
shop's busiest write, and building these small querysets through the ORM cost more than the rest of
the request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from core.statements import Statement, loaded_instance
from shop.models import Cart, CartLine, ProductVariant, ShopSettings

# Larger ids cannot be a row (and SQLite's driver refuses integers past 64 bits).
_LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Purchasable:
    """A variant that can be added now: what the stock check and its messages read."""

    pk: int
    stock: int
    title: str  # the product's


_PURCHASABLE = Statement(
    lambda variant: ProductVariant.objects.filter(pk=variant, is_active=True, product__live=True).values_list(
        "stock", "product__title"
    ),
    variant=ProductVariant._meta.pk,
)

_HELD = Statement(
    lambda token, variant: (
        Cart.objects.filter(token=token, user__isnull=True)
        .annotate(
            held=Subquery(
                CartLine.objects.filter(cart=OuterRef("pk"), variant_id=variant)
                .order_by()
                .values("quantity")[:1]
            )
        )
        .values_list("pk", "held")
    ),
    token=Cart._meta.get_field("token"),
    variant=CartLine._meta.get_field("variant"),
)

_LINE_LIMIT = Statement(lambda: ShopSettings.objects.order_by("pk").values_list("max_quantity_per_line")[:1])


def purchasable(variant_pk: int) -> Purchasable | None:
    """The variant if it is active and its product is live, else None."""
    if not 0 < variant_pk <= _LARGEST_ID:
        return None
    row = _PURCHASABLE.first(variant=variant_pk)
    return Purchasable(pk=variant_pk, stock=row[0], title=row[1]) if row else None


def session_cart_holding(*, token: str, variant_pk: int) -> Cart | None:
    """The anonymous cart with this token, its `held` the quantity of the variant already in it (None:
    no such line); only its id and token are loaded."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:  # not a token this shop wrote: no cart
        return None
    row = _HELD.first(token=token, variant=variant_pk)
    if row is None:
        return None
    cart = loaded_instance(Cart, {"id": row[0], "token": token})
    cart.held = row[1]
    return cart


def max_quantity_per_line() -> int:
    row = _LINE_LIMIT.first()
    return row[0] if row else ShopSettings.load().max_quantity_per_line
