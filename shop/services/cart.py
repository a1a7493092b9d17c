"""Cart writes. Quantities are always checked against live stock; prices are never taken from a form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from djmoney.money import Money

from shop.errors import CartError
from shop.models import Cart, CartLine, ShopSettings
from shop.selectors import add_to_cart
from shop.selectors.add_to_cart import Purchasable
from shop.selectors.cart import SESSION_KEY

GIFT_MAX = Decimal("10000")


@dataclass(frozen=True)
class CartChange:
    quantity: int
    limited: bool  # True when stock or the per-line limit lowered the requested quantity
    message: str


def _purchasable_variant(variant_id) -> Purchasable:
    try:
        variant_pk = int(variant_id)
    except (TypeError, ValueError):
        raise CartError("That product could not be found.") from None
    variant = add_to_cart.purchasable(variant_pk)
    if variant is None:
        raise CartError("That product is no longer available.")
    return variant


def _limit(*, variant: Purchasable, wanted: int, limit: int | None = None) -> CartChange:
    if limit is None:
        limit = add_to_cart.max_quantity_per_line()
    available = min(variant.stock, limit)
    if available <= 0:
        raise CartError(f"{variant.title} is sold out.")
    if wanted > available:
        reason = f"only {variant.stock} left" if variant.stock < limit else f"at most {limit} per order"
        return CartChange(available, True, f"{variant.title}: {reason}, so your cart holds {available}.")
    return CartChange(wanted, False, "")


def _visitor_cart(*, session, user=None, variant: Purchasable | None = None) -> Cart | None:
    """The visitor's existing cart (a signed-in customer's own, else the session's), or None. With a
    `variant`, the cart's `held` is the quantity of it already in the cart (None: no such line), read
    by the same query."""
    signed_in = user is not None and user.is_authenticated
    token = session.get(SESSION_KEY)
    if variant is not None and not signed_in:
        return add_to_cart.session_cart_holding(token=token, variant_pk=variant.pk) if token else None
    carts = Cart.objects.all()
    if variant is not None:
        held = CartLine.objects.filter(cart=OuterRef("pk"), variant_id=variant.pk).order_by()
        carts = carts.annotate(held=Subquery(held.values("quantity")[:1]))
    cart = carts.filter(user=user).first() if signed_in else None
    if cart is None and token:
        cart = carts.filter(token=token, user__isnull=True).first()
        if cart is not None and signed_in:
            cart.user = user
            cart.save(update_fields=["user", "updated_at"])
    return cart


def _remember(*, session, cart: Cart) -> None:
    if session.get(SESSION_KEY) != str(cart.token):
        session[SESSION_KEY] = str(cart.token)  # assigning the same value would rewrite the session


def cart_get_or_create(*, session, user=None) -> Cart:
    """The visitor's cart, created on first write; a signed-in customer's cart is tied to them."""
    cart = _visitor_cart(session=session, user=user)
    if cart is None:
        cart = Cart.objects.create(user=user if user is not None and user.is_authenticated else None)
    _remember(session=session, cart=cart)
    return cart


def cart_add_for_session(
    *, session, user=None, variant_id, quantity: int, limit: int | None = None
) -> CartChange:
    """Add to the visitor's cart: the cart (and the session's reference to it) is created only once
    something valid is added, and nothing at all is written when the line already holds all it can
    (the same add posted again): no cart, line or session write, so no database write lock either.
    `limit` is the per-line maximum when the caller has the shop settings already. The reads run
    outside a transaction on purpose (on SQLite every transaction takes the write lock at BEGIN);
    each write is atomic on its own and checks what it read."""
    if quantity < 1:
        raise CartError("Choose a quantity of at least 1.")
    variant = _purchasable_variant(variant_id)
    if limit is None:
        limit = add_to_cart.max_quantity_per_line()
    cart = _visitor_cart(session=session, user=user, variant=variant)
    if cart is None:
        change = _limit(variant=variant, wanted=quantity, limit=limit)  # sold out: no cart created
        with transaction.atomic():
            cart = Cart.objects.create(user=user if user is not None and user.is_authenticated else None)
            CartLine.objects.create(cart=cart, variant_id=variant.pk, quantity=change.quantity)
            # The session (new for a first-time visitor) is written in the same write transaction;
            # its save at the end of the request then has nothing left to write (core/sessions.py).
            _remember(session=session, cart=cart)
            session.save()
        return change
    held = cart.held
    change = _limit(variant=variant, wanted=(held or 0) + quantity, limit=limit)
    if change.quantity == held:
        return change
    if not _line_set(cart=cart, variant=variant, held=held, quantity=change.quantity):
        # Another request changed this line meanwhile: redo the add under the row lock.
        change = _cart_add_variant(cart=cart, variant=variant, quantity=quantity, limit=limit)
    _remember(session=session, cart=cart)
    return change


def _line_set(*, cart: Cart, variant: Purchasable, held: int | None, quantity: int) -> bool:
    """Set the line from `held` (None: no line yet) to `quantity` in one short transaction, unless
    another request changed it since it was read (then False and nothing written)."""
    try:
        with transaction.atomic():
            if held is None:
                CartLine.objects.create(cart=cart, variant_id=variant.pk, quantity=quantity)
            elif not CartLine.objects.filter(cart=cart, variant_id=variant.pk, quantity=held).update(
                quantity=quantity
            ):
                return False
            Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    except IntegrityError:  # the same variant was added to this cart at the same moment
        return False
    return True


def cart_add(*, cart: Cart, variant_id, quantity: int) -> CartChange:
    if quantity < 1:
        raise CartError("Choose a quantity of at least 1.")
    return _cart_add_variant(cart=cart, variant=_purchasable_variant(variant_id), quantity=quantity)


@transaction.atomic
def _cart_add_variant(
    *, cart: Cart, variant: Purchasable, quantity: int, limit: int | None = None
) -> CartChange:
    line = CartLine.objects.select_for_update().filter(cart=cart, variant_id=variant.pk).first()
    current = line.quantity if line else 0
    change = _limit(variant=variant, wanted=current + quantity, limit=limit)
    if line:
        line.quantity = change.quantity
        line.save(update_fields=["quantity"])
    else:
        try:
            with transaction.atomic():
                CartLine.objects.create(cart=cart, variant_id=variant.pk, quantity=change.quantity)
        except IntegrityError:  # the same cart added the same variant at the same moment
            CartLine.objects.filter(cart=cart, variant_id=variant.pk).update(quantity=change.quantity)
    cart.save(update_fields=["updated_at"])
    return change


@transaction.atomic
def cart_update(*, cart: Cart, line_id, quantity: int) -> CartChange:
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=_int_or_none(line_id)).first()
    if line is None:
        raise CartError("That item is no longer in your cart.")
    if quantity < 0:
        raise CartError("Quantity cannot be negative.")
    if quantity == 0:
        line.delete()
        return CartChange(0, False, "Item removed from your cart.")
    try:
        variant = _purchasable_variant(line.variant_id)
    except CartError:
        line.delete()
        raise
    change = _limit(variant=variant, wanted=quantity)
    line.quantity = change.quantity
    line.save(update_fields=["quantity"])
    return change


@transaction.atomic
def cart_remove(*, cart: Cart, line_id) -> None:
    CartLine.objects.filter(cart=cart, pk=_int_or_none(line_id)).delete()


@transaction.atomic
def cart_set_gift(*, cart: Cart, amount: Money | None) -> None:
    """Add, change or (with None) remove the cart's gift line; the designation comes from the settings."""
    if amount is None:
        cart.gift_amount = None
        cart.gift_designation = ""
    else:
        shop_settings = ShopSettings.load()
        if not shop_settings.gift_line_enabled:
            raise CartError("Gifts cannot be added to orders at the moment.")
        try:
            value = Decimal(amount.amount)
        except (InvalidOperation, TypeError):
            raise CartError("Enter a gift amount such as 10 or 25.50.") from None
        if value != value.quantize(Decimal("0.01")):
            raise CartError("Enter the gift with at most two decimals.")
        if value < 1 or value > GIFT_MAX:
            raise CartError(f"A gift in the cart must be between 1 and {GIFT_MAX:,}.")
        cart.gift_amount = Money(value, amount.currency)
        cart.gift_designation = shop_settings.gift_line_designation
    cart.save(update_fields=["gift_amount", "gift_amount_currency", "gift_designation", "updated_at"])


@transaction.atomic
def cart_merge_on_login(*, session, user) -> Cart | None:
    """Fold the anonymous session cart into the customer's saved cart when they sign in."""
    token = session.get(SESSION_KEY)
    anonymous = Cart.objects.filter(token=token, user__isnull=True).first() if token else None
    saved = Cart.objects.select_for_update().filter(user=user).first()
    if anonymous is None:
        if saved is not None:
            session[SESSION_KEY] = str(saved.token)
        return saved
    if saved is None:
        anonymous.user = user
        anonymous.save(update_fields=["user", "updated_at"])
        return anonymous
    limit = ShopSettings.load().max_quantity_per_line
    saved_lines = {line.variant_id: line for line in saved.lines.select_related("variant")}
    for line in anonymous.lines.select_related("variant"):
        existing = saved_lines.get(line.variant_id)
        wanted = line.quantity + (existing.quantity if existing else 0)
        quantity = max(1, min(wanted, line.variant.stock or 1, limit))
        if existing:
            existing.quantity = quantity
            existing.save(update_fields=["quantity"])
        else:
            CartLine.objects.create(cart=saved, variant=line.variant, quantity=quantity)
    if anonymous.gift_amount is not None and saved.gift_amount is None:
        saved.gift_amount = anonymous.gift_amount
        saved.gift_designation = anonymous.gift_designation
        saved.save(update_fields=["gift_amount", "gift_amount_currency", "gift_designation", "updated_at"])
    anonymous.delete()
    session[SESSION_KEY] = str(saved.token)
    return saved


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
