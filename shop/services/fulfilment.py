"""Fulfilment (DESIGN.md section 4): the webhook and the success page both end here.

`order_mark_paid` is idempotent and monotonic: the order row is locked, a paid order is never paid
again, and the ledger posting (unique on source + kind) is written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from core.money import split_by_weights, zero
from ledger import services as ledger_services
from ledger.types import Channel
from payments import services as payment_services
from payments.types import CheckoutExpired, GiftLinePaid, GiftLineRefunded, PaymentFailed, PaymentSettled
from shop import tasks
from shop.errors import OutOfStockError
from shop.models import Cart, GiftOrder, GiftQuote, Order, OrderLine, OrderNote
from shop.models.orders import OPEN_STATUSES, PAID_STATUSES, OrderStatus, StockState
from shop.selectors.cart import cart_fingerprint
from shop.selectors.impact import revenue_line

from .stock import order_release_stock, order_stock_lines, stock_take

logger = logging.getLogger(__name__)


def _locked_order(reference: str) -> Order | None:
    return Order.objects.select_for_update().prefetch_related("lines").filter(number=reference).first()


def order_goods_net(order: Order) -> Money:
    """What a paid order took in for goods: the total less shipping, tax and the gift (which
    donations books); a discount larger than the goods reduces the gift, never below zero."""
    currency = order.currency
    gift_total = order.gift_total if order.gift_total else zero(currency)
    goods_net = order.total - order.shipping_total - order.tax_total - gift_total
    return goods_net if goods_net.amount > 0 else zero(currency)


def order_channel(order: Order) -> Channel:
    """Gift box orders are their own channel (its default rule splits what no box or product rule
    names); every other order is the shop's."""
    return Channel.GIFT_BOXES if GiftOrder.objects.filter(order=order).exists() else Channel.SHOP


def goods_revenue(*, order: Order, goods_net: Money) -> list:
    """Each product line's share of the goods actually paid (after discounts), ready for the ledger."""
    product_lines = [line for line in order.lines.all() if line.kind == OrderLine.Kind.PRODUCT]
    parts = split_by_weights(goods_net, [line.line_total for line in product_lines])
    return [
        revenue_line(
            amount=part,
            product_id=line.product_id,
            category_id=line.category_id,
            quantity=line.quantity,
            labour_minutes=line.labour_minutes,
            label=f"{line.sku or line.title}",
            reference=line.reference,
            box_id=line.box_id,
        )
        for line, part in zip(product_lines, parts, strict=True)
    ]


def _recommit_stock(order: Order) -> None:
    """A payment arrived after the reservation lapsed: take the stock again, or flag the order."""
    wanted = order_stock_lines(order)
    try:
        with transaction.atomic():
            stock_take(wanted=wanted)
    except OutOfStockError:
        order.oversold = True
        OrderNote.objects.create(
            order=order,
            body="Paid after its stock reservation lapsed and some items had sold out meanwhile: "
            "contact the customer to offer a wait or a refund.",
        )
        logger.warning("order %s paid after its reservation lapsed; stock short", order.number)


@transaction.atomic
def order_mark_paid(*, event: PaymentSettled) -> Order | None:
    order = _locked_order(event.reference)
    if order is None:
        logger.warning("payment settled for unknown order %s", event.reference)
        return None
    if order.status in PAID_STATUSES:
        return order  # already fulfilled by the webhook or the success page
    if str(event.amount_total.currency) != order.currency:
        raise ValueError(
            f"order {order.number} is in {order.currency}, payment in {event.amount_total.currency}"
        )

    if order.stock_state == StockState.RELEASED:
        _recommit_stock(order)
    order.stock_state = StockState.COMMITTED
    order.status = OrderStatus.PAID
    order.paid_at = event.occurred_at
    order.total = event.amount_total
    order.tax_total = event.amount_tax
    order.shipping_total = event.amount_shipping
    order.discount_total = event.amount_discount
    order.fee = event.fee
    order.email = event.customer_email or order.email
    order.customer_name = event.customer_name or order.customer_name
    order.shipping_address = event.shipping_address or order.shipping_address
    order.shipping_option = event.shipping_option_label or order.shipping_option
    order.checkout_session_id = event.ids.checkout_session_id or order.checkout_session_id
    order.payment_intent_id = event.ids.payment_intent_id or order.payment_intent_id
    order.charge_id = event.ids.charge_id or order.charge_id
    order.save()

    goods_net = order_goods_net(order)
    revenue = goods_revenue(order=order, goods_net=goods_net)
    if goods_net.amount > 0 or event.amount_shipping.amount > 0 or event.amount_tax.amount > 0:
        ledger_services.payment_post(
            source=order.ledger_source,
            occurred_at=event.occurred_at,
            channel=order_channel(order),
            revenue=revenue,
            shipping=event.amount_shipping,
            tax=event.amount_tax,
            fee=event.fee,
            memo=f"Order {order.number}",
        )
    gift_lines_hand_over(order=order, occurred_at=event.occurred_at)
    _clear_cart(order)
    tasks.enqueue_on_commit(tasks.send_order_confirmation, order.pk)
    logger.info("order %s paid", order.number)
    return order


def gift_lines_hand_over(
    *, order: Order, occurred_at: dt.datetime, refunded: dict | None = None, refund_reference: str = ""
) -> None:
    """Gift lines are donations: the kind named by settings.SHOP_GIFT_LINE_KIND books and receipts
    them, through payments' handler map (shop cannot import donations).

    Without `refunded` the order was paid; with it (line pk -> amount refunded) those lines were
    refunded, and `refund_reference` (the Stripe refund id) makes each hand-back idempotent.
    """
    gifts = [line for line in order.lines.all() if line.kind == OrderLine.Kind.GIFT]
    for line in gifts:
        amount = (refunded or {}).get(line.pk, line.line_total)
        if amount.amount <= 0:
            continue
        common = {
            "kind": settings.SHOP_GIFT_LINE_KIND,
            "order_reference": order.number,
            "line_reference": line.reference,
            "amount": amount,
            "occurred_at": occurred_at,
        }
        if refunded is None:
            value = GiftLinePaid(
                **common,
                designation=line.designation,
                donor_email=order.email,
                donor_name=order.customer_name,
            )
        else:
            value = GiftLineRefunded(**common, refund_reference=refund_reference)
        payment_services.gift_line_hand_over(value=value)


def _clear_cart(order: Order) -> None:
    if order.cart_token is None:
        return
    cart = Cart.objects.filter(token=order.cart_token).first()
    if cart is None:
        return
    if cart_fingerprint(cart, list(cart.lines.all())) == order.cart_fingerprint:
        cart.lines.all().delete()
        cart.gift_amount = None
        cart.gift_designation = ""
        cart.save(update_fields=["gift_amount", "gift_amount_currency", "gift_designation", "updated_at"])


@transaction.atomic
def order_mark_failed(*, event: PaymentFailed) -> Order | None:
    order = _locked_order(event.reference)
    if order is None or order.status not in OPEN_STATUSES:
        return order
    order.status = OrderStatus.FAILED
    order.save(update_fields=["status"])
    order_release_stock(order=order)
    OrderNote.objects.create(order=order, body=f"Payment failed: {event.reason[:500]}")
    return order


@transaction.atomic
def order_expire(*, order_number: str) -> Order | None:
    order = _locked_order(order_number)
    if order is None or order.status not in OPEN_STATUSES:
        return order
    order.status = OrderStatus.EXPIRED
    order.save(update_fields=["status"])
    order_release_stock(order=order)
    # A quote's invoice unpaid past its terms and grace: the quote lapses with its stock.
    GiftQuote.objects.filter(
        gift_order__order=order, status__in=(GiftQuote.Status.INVOICED, GiftQuote.Status.OVERDUE)
    ).update(status=GiftQuote.Status.LAPSED, closed_at=timezone.now())
    return order


def order_checkout_expired(*, event: CheckoutExpired) -> Order | None:
    return order_expire(order_number=event.reference)


def orders_release_expired(*, now: dt.datetime | None = None) -> int:
    """Expire unpaid orders whose reservation lapsed and return their stock; safe to run any time."""
    now = now or timezone.now()
    numbers = list(
        Order.objects.filter(
            status=OrderStatus.PENDING, stock_state=StockState.RESERVED, reserved_until__lt=now
        ).values_list("number", flat=True)
    )
    released = 0
    for number in numbers:
        order = order_expire(order_number=number)
        if order is not None and order.status == OrderStatus.EXPIRED:
            released += 1
    return released
