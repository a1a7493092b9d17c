"""Cart reads: the cart as the customer sees it, priced by the server and checked against live stock."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import F
from djmoney.money import Money

from core.money import money_sum
from shop.models import Cart, CartLine, CategoryPage, ShopSettings

from . import impact as selectors_impact
from .impact import revenue_line

# The session holds the anonymous visitor's cart token under this key.
SESSION_KEY = "shop_cart"


def cart_fingerprint(cart: Cart, lines) -> str:
    """Identifies the cart's exact content, so a double-submitted checkout reuses one order and session."""
    parts = [f"{line.variant_id}x{line.quantity}" for line in sorted(lines, key=lambda line: line.variant_id)]
    parts.append(f"gift:{cart.gift_amount or ''}:{cart.gift_designation}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass
class CartRow:
    line: CartLine
    title: str  # the product's
    unit_price: Money
    total: Money
    available: int
    problem: str = ""
    impact: str = ""


@dataclass
class CartView:
    cart: Cart | None
    rows: list[CartRow] = field(default_factory=list)
    goods_total: Money | None = None
    gift_amount: Money | None = None
    total: Money | None = None
    currency: str = "USD"
    impact: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows and self.gift_amount is None

    @property
    def has_problems(self) -> bool:
        return any(row.problem for row in self.rows)

    @property
    def item_count(self) -> int:
        return sum(row.line.quantity for row in self.rows)


def cart_for_session(*, session, user=None) -> Cart | None:
    """The visitor's cart if one exists; reading never creates one."""
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if cart is not None:
            return cart
    token = session.get(SESSION_KEY)
    if not token:
        return None
    return Cart.objects.filter(token=token).first()


def category_ids_for(product_ids) -> dict[int, int]:
    """product page id -> parent category page id, in two queries."""
    from wagtail.models import Page

    products = Page.objects.filter(pk__in=set(product_ids)).only("path", "depth")
    return _category_ids_by_path({p.pk: p.path for p in products})


def _category_ids_by_path(product_paths: dict[int, str]) -> dict[int, int]:
    """product page id -> parent category page id, from the product pages' tree paths: one query."""
    from wagtail.models import Page

    parent_paths = {pk: path[: -Page.steplen] for pk, path in product_paths.items()}
    if not parent_paths:
        return {}
    categories = CategoryPage.objects.filter(path__in=set(parent_paths.values())).only("pk", "path")
    by_path = {c.path: c.pk for c in categories}
    return {pk: by_path[path] for pk, path in parent_paths.items() if path in by_path}


# What the cart page reads of each line and its variant; the product page's few fields come as columns
# of the same query: a page instance (Wagtail and modelcluster set-up, body and revision columns)
# costs more to build than the rest of the cart.
CART_VARIANT_FIELDS = (
    "cart_id",
    "quantity",
    "added_at",
    "variant__product_id",
    "variant__option1_value",
    "variant__option2_value",
    "variant__price",
    "variant__price_currency",
    "variant__stock",
    "variant__is_active",
    "variant__labour_minutes",
)


def cart_lines(cart: Cart) -> list[CartLine]:
    """The cart's lines with their variant, and the product's `product_title`, `product_live`,
    `product_path` and `product_labour_minutes`, in one query."""
    return list(
        cart.lines.select_related("variant")
        .only(*CART_VARIANT_FIELDS)
        .annotate(
            product_title=F("variant__product__title"),
            product_live=F("variant__product__live"),
            product_path=F("variant__product__path"),
            product_labour_minutes=F("variant__product__labour_minutes"),
        )
        .order_by("added_at", "pk")
    )


def cart_view(*, cart: Cart | None, with_impact: bool = True, shop_settings=None) -> CartView:
    """The cart as shown: server prices, live stock problems, and impact previews read in one go.
    Pass the request's `shop_settings` when the caller has them (saves loading them twice)."""
    currency = "USD"
    if cart is None:
        return CartView(cart=None, goods_total=Money(0, currency), total=Money(0, currency))
    lines = cart_lines(cart)
    limit = (shop_settings or ShopSettings.load()).max_quantity_per_line
    categories = _category_ids_by_path({line.variant.product_id: line.product_path for line in lines})
    rows = []
    for line in lines:
        variant = line.variant
        problem = ""
        available = min(variant.stock, limit)
        if not variant.is_active or not line.product_live:
            problem = "No longer available: please remove it."
            available = 0
        elif variant.stock == 0:
            problem = "Sold out since you added it: please remove it."
        elif line.quantity > variant.stock:
            problem = f"Only {variant.stock} left: please lower the quantity."
        rows.append(
            CartRow(
                line=line,
                title=line.product_title,
                unit_price=variant.price,
                total=variant.price * line.quantity,
                available=available,
                problem=problem,
            )
        )
    if with_impact and rows:
        # One preview per line without a problem, and one for the whole cart when none has one.
        revenues = [[] if row.problem else [_line_revenue(row.line, categories)] for row in rows]
        whole = [] if any(row.problem for row in rows) else [r for (r,) in revenues]
        *per_line, overall_impact = selectors_impact.impact_summaries(revenues=[*revenues, whole])
        for row, sentence in zip(rows, per_line, strict=True):
            row.impact = sentence
    else:
        overall_impact = ""
    if rows:
        currency = str(rows[0].unit_price.currency)
    goods = money_sum((row.total for row in rows), currency)
    gift = cart.gift_amount if cart.gift_amount is not None and cart.gift_amount.amount > 0 else None
    overall = goods + gift if gift is not None else goods
    return CartView(
        cart=cart,
        rows=rows,
        goods_total=goods,
        gift_amount=gift,
        total=overall,
        currency=currency,
        impact=overall_impact,
    )


def _line_revenue(line: CartLine, categories: dict[int, int]):
    variant = line.variant
    labour = variant.labour_minutes if variant.labour_minutes is not None else line.product_labour_minutes
    return revenue_line(
        amount=variant.price * line.quantity,
        product_id=variant.product_id,
        category_id=categories.get(variant.product_id),
        quantity=line.quantity,
        labour_minutes=labour,
    )
