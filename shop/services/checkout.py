"""Checkout: snapshot the cart into an Order, reserve stock, and start a payment through `payments`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money

from core.money import money_sum, zero
from payments import services as payment_services
from payments.exceptions import PaymentProviderUnavailable, PaymentsError
from payments.types import CheckoutMode, CheckoutRequest, CheckoutStart, LineItem, ShippingOption
from shop import tasks
from shop.errors import CheckoutError, PaymentUnavailableError
from shop.models import Cart, Order, OrderLine, ShopSettings
from shop.models.orders import OrderStatus, StockState
from shop.selectors.cart import cart_fingerprint, category_ids_for
from shop.selectors.impact import impact_summary, revenue_line

from .stock import stock_take, variants_crossing_threshold

logger = logging.getLogger(__name__)
GIFT_LINE_TITLE = "Gift for counseling (tax-deductible donation)"
NONTAXABLE_TAX_CODE = "txcd_00000000"
# Stripe wants a session to live at least 30 minutes; a reused order must still have that long.
REUSE_MARGIN = dt.timedelta(minutes=31)


def _existing_checkout(cart: Cart, fingerprint: str) -> Order | None:
    return (
        Order.objects.filter(
            cart_token=cart.token,
            cart_fingerprint=fingerprint,
            status=OrderStatus.PENDING,
            stock_state=StockState.RESERVED,
            reserved_until__gt=timezone.now() + REUSE_MARGIN,
        )
        .order_by("-pk")
        .first()
    )


def _units_held_elsewhere(*, cart: Cart, client_key: str, now) -> int:
    """Units the live reservations of other carts from the same visitor's address hold."""
    if not client_key:
        return 0
    held = (
        OrderLine.objects.filter(
            kind=OrderLine.Kind.PRODUCT,
            order__client_key=client_key,
            order__status=OrderStatus.PENDING,
            order__stock_state=StockState.RESERVED,
            order__reserved_until__gt=now,
        )
        .exclude(order__cart_token=cart.token)
        .aggregate(units=Sum("quantity"))["units"]
    )
    return held or 0


def _hold_within_cap(*, cart: Cart, lines, client_key: str, shop_settings: ShopSettings, now) -> None:
    cap = shop_settings.max_units_held
    wanted = sum(line.quantity for line in lines)
    if wanted > cap:
        raise CheckoutError(
            f"One checkout can hold at most {cap} items. Please reduce the quantities in your cart "
            "(for a larger order, contact us)."
        )
    elsewhere = _units_held_elsewhere(cart=cart, client_key=client_key, now=now)
    if wanted + elsewhere > cap:
        raise CheckoutError(
            f"You already have {elsewhere} items waiting in another unpaid checkout, and one visitor can "
            f"hold at most {cap} at once. Complete or cancel that checkout, or try again in "
            f"{shop_settings.reservation_minutes} minutes."
        )


@transaction.atomic
def order_create_from_cart(*, cart: Cart, email: str = "", user=None, client_key: str = "") -> Order:
    """Price everything on the server, snapshot it, and reserve the stock: all or nothing.

    `client_key` (core.client_ip.client_key) identifies the visitor's address: what one cart and
    one address hold in unpaid checkouts is capped by Shop settings' `max_units_held`."""
    cart = Cart.objects.select_for_update().get(pk=cart.pk)  # one checkout per cart at a time
    lines = list(cart.lines.select_related("variant", "variant__product"))
    if not lines and cart.gift_amount is None:
        raise CheckoutError("Your cart is empty.")
    if not lines:
        raise CheckoutError("Add a product to your cart, or give directly on our donation page.")
    fingerprint = cart_fingerprint(cart, lines)
    existing = _existing_checkout(cart, fingerprint)
    if existing is not None:
        return existing
    # Any other unpaid order of this cart is superseded: give its stock back before reserving again.
    for stale in Order.objects.filter(cart_token=cart.token, status=OrderStatus.PENDING):
        order_abandon(order=stale)
    for line in lines:
        variant = line.variant
        if not variant.is_active or not variant.product.live:
            raise CheckoutError(
                f"{variant.product.title} is no longer available: please remove it from your cart."
            )
    currencies = {str(line.variant.price.currency) for line in lines}
    if len(currencies) != 1:
        raise CheckoutError("Items priced in different currencies cannot be bought together.")
    currency = currencies.pop()
    if cart.gift_amount is not None and str(cart.gift_amount.currency) != currency:
        raise CheckoutError("The gift must be in the same currency as the items.")

    shop_settings = ShopSettings.load()
    now = timezone.now()
    _hold_within_cap(cart=cart, lines=lines, client_key=client_key, shop_settings=shop_settings, now=now)
    categories = category_ids_for(line.variant.product_id for line in lines)
    order = Order.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        email=email,
        currency=currency,
        reserved_until=now + dt.timedelta(minutes=shop_settings.reservation_minutes),
        cart_token=cart.token,
        cart_fingerprint=fingerprint,
        client_key=client_key,
    )
    order_lines = []
    titles = {}
    for line in sorted(lines, key=lambda line: line.variant_id):
        variant = line.variant
        titles[variant.pk] = variant.product.title
        order_lines.append(
            OrderLine(
                order=order,
                kind=OrderLine.Kind.PRODUCT,
                variant=variant,
                product_id=variant.product_id,
                category_id=categories.get(variant.product_id),
                title=variant.product.title,
                variant_label=variant.label,
                sku=variant.sku,
                unit_price=variant.price,
                quantity=line.quantity,
                line_total=variant.price * line.quantity,
                labour_minutes=variant.effective_labour_minutes,
            )
        )
    if cart.gift_amount is not None:
        order_lines.append(
            OrderLine(
                order=order,
                kind=OrderLine.Kind.GIFT,
                title=GIFT_LINE_TITLE,
                unit_price=cart.gift_amount,
                quantity=1,
                line_total=cart.gift_amount,
                designation=cart.gift_designation,
            )
        )
    OrderLine.objects.bulk_create(order_lines)
    taken = [(line.variant_id, line.quantity) for line in order_lines if line.variant_id]
    stock_take(wanted=taken, titles=titles)

    goods = money_sum((ln.line_total for ln in order_lines if ln.kind == OrderLine.Kind.PRODUCT), currency)
    gift = money_sum((ln.line_total for ln in order_lines if ln.kind == OrderLine.Kind.GIFT), currency)
    order.goods_total = goods
    order.gift_total = gift
    order.total = goods + gift
    # The preview at checkout, kept with the order; pages and emails read what was booked instead.
    preview = impact_summary(
        revenue=[
            revenue_line(
                amount=ln.line_total,
                product_id=ln.product_id,
                category_id=ln.category_id,
                quantity=ln.quantity,
                labour_minutes=ln.labour_minutes,
            )
            for ln in order_lines
            if ln.kind == OrderLine.Kind.PRODUCT
        ]
    )
    order.impact_summary = [preview] if preview else []
    order.save(
        update_fields=[
            "goods_total",
            "goods_total_currency",
            "gift_total",
            "gift_total_currency",
            "total",
            "total_currency",
            "impact_summary",
        ]
    )
    crossed = variants_crossing_threshold(taken=taken)
    if crossed:
        tasks.enqueue_on_commit(tasks.send_low_stock_alert, crossed)
    logger.info("order %s created with %d line(s), stock reserved", order.number, len(order_lines))
    return order


def shipping_options(*, order: Order, shop_settings: ShopSettings) -> list[ShippingOption]:
    currency = order.currency
    flat = shop_settings.flat_rate_shipping
    threshold = shop_settings.free_shipping_threshold
    options = []
    if threshold is not None and order.goods_total >= threshold:
        options.append(ShippingOption(label="Free shipping", amount=zero(currency), min_days=3, max_days=7))
    else:
        options.append(
            ShippingOption(
                label="Standard shipping", amount=Money(flat.amount, currency), min_days=3, max_days=7
            )
        )
    if shop_settings.local_pickup_enabled:
        options.append(ShippingOption(label=shop_settings.local_pickup_label, amount=zero(currency)))
    return options


def checkout_request_for(*, order: Order, success_url: str, cancel_url: str) -> CheckoutRequest:
    shop_settings = ShopSettings.load()
    items = []
    for line in order.lines.all():
        name = line.title if not line.variant_label else f"{line.title} ({line.variant_label})"
        items.append(
            LineItem(
                name=name[:250],
                unit_amount=line.unit_price,
                quantity=line.quantity,
                description=line.sku,
                # Stripe Tax: a gift is not a sale ("txcd_00000000" is Stripe's nontaxable code).
                tax_code=NONTAXABLE_TAX_CODE
                if line.kind == OrderLine.Kind.GIFT and shop_settings.automatic_tax
                else "",
            )
        )
    return CheckoutRequest(
        kind="order",
        reference=order.number,
        mode=CheckoutMode.PAYMENT,
        line_items=items,
        success_url=success_url,
        cancel_url=cancel_url,
        customer_email=order.email,
        shipping_countries=shop_settings.country_list,
        shipping_options=shipping_options(order=order, shop_settings=shop_settings),
        automatic_tax=shop_settings.automatic_tax,
        allow_promotion_codes=shop_settings.allow_promotion_codes,
        expires_at=order.reserved_until,
        idempotency_key=f"order-{order.number}-checkout",
    )


def order_checkout_start(*, order: Order, success_url: str, cancel_url: str) -> CheckoutStart:
    """Ask `payments` for a checkout session; outside any transaction, as it talks to Stripe."""
    request = checkout_request_for(order=order, success_url=success_url, cancel_url=cancel_url)
    try:
        start = payment_services.checkout_session_create(request=request)
    except PaymentsError as error:
        # Nothing was charged: give the stock back so other customers can buy it.
        logger.warning("checkout session for order %s failed: %s", order.number, type(error).__name__)
        order_abandon(order=order)
        if isinstance(error, PaymentProviderUnavailable):
            raise PaymentUnavailableError(
                "Our payment processor is not answering right now. Nothing was charged and your cart "
                "is kept; please try again in a minute."
            ) from error
        raise CheckoutError(
            "We could not start the payment. Nothing was charged; please try again."
        ) from error
    Order.objects.filter(pk=order.pk).update(checkout_session_id=start.session_id)
    order.checkout_session_id = start.session_id
    return start


@transaction.atomic
def order_abandon(*, order: Order) -> None:
    from .stock import order_release_stock

    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status == OrderStatus.PENDING:
        locked.status = OrderStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at"])
        order_release_stock(order=locked)
