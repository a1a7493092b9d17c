"""Placing a gift box order as a shop Order, paying it by card, and following its payment.

Placing writes one shop order line per component (quantity per box x boxes) plus the assembly line,
and takes every component's stock with the shop's conditional update, in one transaction: all or
nothing. Paying by card then runs through Checkout and the shop's own idempotent fulfilment.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from ledger.types import Channel
from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import CheckoutMode, CheckoutRequest, LineItem, ShippingOption
from shop.errors import GiftError
from shop.models import GiftOrder, GiftsSettings, Order, OrderLine, ShopSettings
from shop.models.orders import PAID_STATUSES
from shop.selectors import gifts as gift_selectors
from shop.selectors.gift_pricing import PriceBreakdown
from shop.selectors.impact import impact_summary

from .checkout import order_abandon
from .gift_orders import boxes_stock_check, gift_price_checked
from .stock import stock_take

logger = logging.getLogger(__name__)


def gift_order_place(*, gift: GiftOrder, reserved_until: dt.datetime, override=None) -> Order:
    """The shop Order for this gift order, its lines, and the stock taken (caller's transaction)."""
    shipments = list(gift.shipments.all())
    if not shipments:
        raise GiftError("Add the recipients (or one delivery address) first.")
    if len(shipments) > 1 and len(shipments) != gift.quantity:
        raise GiftError("With several recipients, each gets one box: the box count must match.")
    price = gift_price_checked(gift=gift, override=override)
    contents = gift_selectors.box_contents(box=gift.box, selections=gift.selections)
    boxes_stock_check(contents, gift.quantity)
    specs = gift_selectors.box_line_specs(
        box=gift.box, contents=contents, boxes=gift.quantity, goods_total=price.goods_total
    )
    first = shipments[0]
    order = Order.objects.create(
        email=gift.email,
        customer_name=gift.contact_name or gift.company,
        currency=str(price.goods_total.currency),
        reserved_until=reserved_until,
        goods_total=price.goods_total,
        shipping_total=price.shipping_total,
        total=price.goods_total,
        shipping_option=f"Gift box delivery to {len(shipments)} recipient(s)",
        shipping_address={
            "name": first.name,
            "line1": first.line1,
            "line2": first.line2,
            "city": first.city,
            "state": first.region,
            "postal_code": first.postal_code,
            "country": first.country,
        },
        impact_summary=[preview]
        if (preview := impact_summary(revenue=gift_selectors.revenue_of(specs), channel=Channel.GIFT_BOXES))
        else [],
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                kind=OrderLine.Kind.PRODUCT,
                variant=spec.variant,
                product_id=spec.product_id,
                category_id=spec.category_id,
                title=spec.title,
                variant_label=spec.variant_label[:130],
                sku=spec.sku,
                unit_price=spec.unit_price,
                quantity=spec.quantity,
                line_total=spec.line_total,
                labour_minutes=spec.labour_minutes,
                box_id=spec.box_id,
            )
            for spec in specs
        ]
    )
    wanted: dict[int, int] = {}
    for spec in specs:
        if spec.variant is not None:
            wanted[spec.variant.pk] = wanted.get(spec.variant.pk, 0) + spec.quantity
    stock_take(wanted=sorted(wanted.items()), titles={s.variant.pk: s.title for s in specs if s.variant})
    gift.order = order
    return order


def price_line_items(*, gift: GiftOrder, price: PriceBreakdown) -> list[LineItem]:
    items = [
        LineItem(
            name=f"Gifts of Hope: {gift.box.title}"[:250],
            unit_amount=price.unit_price,
            quantity=gift.quantity,
            description=gift.box.summary[:250],
        )
    ]
    for option in price.options:
        if option.surcharge.amount > 0:
            items.append(
                LineItem(
                    name=f"{option.label} (per box)", unit_amount=option.surcharge, quantity=gift.quantity
                )
            )
        if option.setup_fee.amount > 0:
            items.append(LineItem(name=f"{option.label} setup (once)", unit_amount=option.setup_fee))
    return items


def gift_order_checkout(*, gift: GiftOrder, success_url: str, cancel_url: str):
    """Place the order for card payment and start Checkout (outside any transaction)."""
    settings = GiftsSettings.load()
    with transaction.atomic():
        gift = GiftOrder.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftOrder.Status.DRAFT:
            raise GiftError("This order has already been placed.")
        price = gift_price_checked(gift=gift)
        if gift.quantity >= settings.quote_min_quantity or price.total >= settings.quote_min_amount:
            raise GiftError("An order this size is invoiced: please request a quote instead.")
        if not gift.email:
            raise GiftError("Enter your email address for the receipt.")
        minutes = ShopSettings.load().reservation_minutes
        order = gift_order_place(gift=gift, reserved_until=timezone.now() + dt.timedelta(minutes=minutes))
        gift.status = GiftOrder.Status.CHECKOUT
        gift.save(update_fields=["order", "status", "updated_at"])
    request = CheckoutRequest(
        kind="order",
        reference=order.number,
        mode=CheckoutMode.PAYMENT,
        line_items=price_line_items(gift=gift, price=price),
        success_url=success_url.replace("ORDER_TOKEN", order.token),
        cancel_url=cancel_url,
        customer_email=gift.email,
        shipping_options=[ShippingOption(label=order.shipping_option[:100], amount=price.shipping_total)]
        if price.shipping_total.amount > 0
        else [],
        expires_at=order.reserved_until,
        idempotency_key=f"order-{order.number}-checkout",
    )
    try:
        start = payment_services.checkout_session_create(request=request)
    except PaymentsError as error:
        gift_order_reopen(gift=gift)
        raise GiftError(
            error.user_message or "We could not start the payment; nothing was charged."
        ) from error
    Order.objects.filter(pk=order.pk).update(checkout_session_id=start.session_id)
    return start


@transaction.atomic
def gift_order_reopen(*, gift: GiftOrder) -> GiftOrder:
    """Back to editing after an abandoned card payment: the unpaid order's stock goes back."""
    gift = GiftOrder.objects.select_for_update(of=("self",)).select_related("order").get(pk=gift.pk)
    if gift.status != GiftOrder.Status.CHECKOUT or (gift.order and gift.order.status in PAID_STATUSES):
        return gift
    if gift.order is not None:
        order_abandon(order=gift.order)
    gift.status, gift.order = GiftOrder.Status.DRAFT, None
    gift.save(update_fields=["status", "order", "updated_at"])
    return gift


@transaction.atomic
def gift_order_settled(*, order_number: str) -> GiftOrder | None:
    """The shop order was paid (card or invoice): the gift order and its quote follow. Idempotent."""
    gift = GiftOrder.objects.select_for_update().filter(order__number=order_number).first()
    if gift is None or gift.order.status not in PAID_STATUSES or gift.status == GiftOrder.Status.PAID:
        return gift
    gift.status = GiftOrder.Status.PAID
    gift.save(update_fields=["status", "updated_at"])
    quote = getattr(gift, "quote", None)
    if quote is not None:
        quote.status, quote.closed_at = quote.Status.PAID, timezone.now()
        quote.save(update_fields=["status", "closed_at", "updated_at"])
    return gift
