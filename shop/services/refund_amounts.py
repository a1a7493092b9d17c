"""What is left to refund on an order, and how a refund divides: by line at the price paid, the
shipping charge, and goods before the gift for an amount with no lines named. Refunds still
pending at Stripe count as spent."""

from __future__ import annotations

from djmoney.money import Money

from core.money import money_sum, quantize, split_by_weights, zero
from ledger.legs import SHIPPING_LINE
from shop.models import Order, OrderLine, OrderRefund, OrderRefundLine

from .fulfilment import order_goods_net


def posted_goods_gross(order: Order) -> Money:
    """What the order's ledger posting took in (goods net of discount + shipping + tax)."""
    return order.total - (order.gift_total or zero(order.currency))


def goods_refunded(order: Order) -> Money:
    refunds = order.refunds.filter(status__in=[OrderRefund.Status.SUCCEEDED, OrderRefund.Status.PENDING])
    return money_sum((r.goods_amount for r in refunds), order.currency)


def line_paid_amounts(order: Order) -> dict[int, Money]:
    """What the customer actually paid for each line: product lines share any discount in proportion,
    exactly as the ledger booked them (the same goods total, the same split)."""
    product_lines = [line for line in order.lines.all() if line.kind == OrderLine.Kind.PRODUCT]
    parts = split_by_weights(order_goods_net(order), [line.line_total for line in product_lines])
    paid = {line.pk: part for line, part in zip(product_lines, parts, strict=True)}
    paid.update({line.pk: line.line_total for line in order.lines.all() if line.kind == OrderLine.Kind.GIFT})
    return paid


def line_refund_amount(
    *,
    order: Order,
    line: OrderLine,
    quantity: int,
    paid: dict[int, Money],
    pending: tuple[int, Money] | None = None,
) -> Money:
    """The refund for `quantity` units of a line, at the price paid; the last units take what is left.

    `pending` is (quantity, amount) of this line's refunds still waiting for Stripe: they count as spent."""
    pending_quantity, pending_amount = pending or (0, zero(order.currency))
    line_paid = paid[line.pk]
    left = line_paid - line.refunded_amount - pending_amount
    if quantity >= line.quantity - line.refunded_quantity - pending_quantity:
        return left
    per_unit = quantize(line_paid / line.quantity)
    return min(per_unit * quantity, left)


def amount_split(order: Order, amount: Money) -> tuple[Money, Money]:
    """An amount with no lines named: goods (incl. shipping and tax) first, then the gift."""
    goods_left = posted_goods_gross(order) - goods_refunded(order)
    goods = min(amount, goods_left) if goods_left.amount > 0 else zero(order.currency)
    return goods, amount - goods


def shipping_left(order: Order) -> Money:
    refunds = order.refunds.filter(status__in=[OrderRefund.Status.SUCCEEDED, OrderRefund.Status.PENDING])
    return order.shipping_total - money_sum((r.shipping_amount for r in refunds), order.currency)


def pending_by_line(order: Order) -> dict[int, tuple[int, Money]]:
    """(quantity, amount) per line of the refunds sent to Stripe whose outcome is not known yet."""
    pending: dict[int, tuple[int, Money]] = {}
    rows = OrderRefundLine.objects.filter(refund__order=order, refund__status=OrderRefund.Status.PENDING)
    for row in rows:
        quantity, amount = pending.get(row.line_id, (0, zero(order.currency)))
        pending[row.line_id] = (quantity + row.quantity, amount + row.amount)
    return pending


def pending_total(order: Order) -> Money:
    pending = order.refunds.filter(status=OrderRefund.Status.PENDING)
    return money_sum((r.amount for r in pending), order.currency)


def refund_ledger_request(refund: OrderRefund) -> dict:
    """What the ledger gives back for a refund's goods part: the order lines (and shipping) it names,
    each line's own legs; whatever it does not name is spread over the lines by `amount`."""
    currency = str(refund.goods_amount.currency)
    lines: dict[str, Money] = {}
    for refund_line in refund.lines.select_related("line__order"):
        if refund_line.line.kind == OrderLine.Kind.PRODUCT and refund_line.amount.amount > 0:
            ref = refund_line.line.reference
            lines[ref] = lines.get(ref, zero(currency)) + refund_line.amount
    if refund.shipping_amount.amount > 0:
        lines[SHIPPING_LINE] = refund.shipping_amount
    rest = refund.goods_amount - money_sum(lines.values(), currency)
    return {"lines": lines or None, "amount": rest if rest.amount > 0 else None}


def gift_amounts(order: Order, refund: OrderRefund) -> dict[int, Money]:
    named = {rl.line_id: rl.amount for rl in refund.lines.all() if rl.line.kind == OrderLine.Kind.GIFT}
    if named:
        return named
    gifts = [line for line in order.lines.all() if line.kind == OrderLine.Kind.GIFT]
    remaining = refund.gift_amount
    amounts = {}
    for line in gifts:
        part = min(remaining, line.refundable_amount)
        amounts[line.pk] = part
        remaining -= part
    return amounts
