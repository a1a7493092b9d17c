"""Staff refunds: one request checked against what is left (lines, shipping or an amount), sent to
Stripe through `payments` exactly once, and its result recorded (refund_status.py books it).
"""

from __future__ import annotations

import logging
import re
import uuid

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from core.money import money_sum, zero
from payments import services as payment_services
from payments.exceptions import PaymentsError
from shop.errors import OrderActionError
from shop.models import Order, OrderLine, OrderRefund, OrderRefundLine
from shop.models.orders import PAID_STATUSES

from .refund_amounts import (
    amount_split,
    line_paid_amounts,
    line_refund_amount,
    pending_by_line,
    pending_total,
    shipping_left,
)
from .refund_status import refund_status_apply

logger = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"[0-9a-f]{32}")


@transaction.atomic
def _refund_prepare(
    *,
    order_id: int,
    idempotency_key: str,
    quantities: dict[int, int],
    amount: Money | None,
    reason: str,
    restock: bool,
    user,
    shipping: bool = False,
) -> tuple[OrderRefund, bool]:
    """The refund row to send to Stripe, and whether it is new; a repeated request gets its first row.

    The order and its lines are locked, and refunds still pending count as spent, so two staff
    members (or a double click) can never send more than what is left of a line to Stripe."""
    order = Order.objects.select_for_update().get(pk=order_id)
    earlier = OrderRefund.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None:
        return earlier, False
    if order.status not in PAID_STATUSES:
        raise OrderActionError("Only paid orders can be refunded.")
    currency = order.currency
    lines = {
        line.pk: line for line in OrderLine.objects.select_for_update().filter(order=order).order_by("pk")
    }
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    paid = line_paid_amounts(order)
    pending = pending_by_line(order)
    refund_lines = []
    shipping_amount = zero(currency)
    if shipping:
        shipping_amount = shipping_left(order)
        if shipping_amount.amount <= 0:
            raise OrderActionError("There is no shipping charge left to refund on this order.")
    if quantities or shipping:
        for line_id, quantity in quantities.items():
            line = lines.get(line_id)
            if line is None:
                raise OrderActionError("That line is not part of this order.")
            if quantity < 0:
                raise OrderActionError("Refund quantities cannot be negative.")
            if quantity == 0:
                continue
            line_pending = pending.get(line.pk)
            left = line.quantity - line.refunded_quantity - (line_pending[0] if line_pending else 0)
            if quantity > left:
                waiting = " (the rest is in a refund still waiting for Stripe)" if line_pending else ""
                raise OrderActionError(f"{line.title}: only {left} left to refund{waiting}.")
            line_amount = line_refund_amount(
                order=order, line=line, quantity=quantity, paid=paid, pending=line_pending
            )
            refund_lines.append((line, quantity, line_amount))
        if not refund_lines and not shipping:
            raise OrderActionError("Choose at least one item to refund.")
        amount = money_sum((part for _, _, part in refund_lines), currency) + shipping_amount
        goods = money_sum((p for ln, _, p in refund_lines if ln.kind == OrderLine.Kind.PRODUCT), currency)
        goods += shipping_amount
        gift = amount - goods
    else:
        if amount is None or amount.amount <= 0:
            raise OrderActionError("Enter an amount greater than zero, or choose items to refund.")
        if str(amount.currency) != currency:
            raise OrderActionError(f"This order was paid in {currency}.")
        goods, gift = amount_split(order, amount)
    refundable = order.total - order.refunded_total - pending_total(order)
    if amount > refundable:
        raise OrderActionError(f"At most {refundable} can still be refunded.")
    refund = OrderRefund.objects.create(
        order=order,
        idempotency_key=idempotency_key,
        amount=amount,
        goods_amount=goods,
        shipping_amount=shipping_amount,
        gift_amount=gift,
        reason=reason[:255],
        restock=restock,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    for line, quantity, line_amount in refund_lines:
        OrderRefundLine.objects.create(refund=refund, line=line, quantity=quantity, amount=line_amount)
    return refund, True


def order_refund(
    *,
    order: Order,
    quantities: dict[int, int] | None = None,
    amount: Money | None = None,
    reason: str = "",
    restock: bool = False,
    user=None,
    shipping: bool = False,
    request_id: str = "",
) -> OrderRefund:
    """Refund by lines (and quantities) and/or the shipping charge, or by amount, through `payments`;
    the ledger follows the result.

    `request_id` names one staff request (the admin form carries it): the same request sent again,
    by a double click or a second tab, returns the first one's refund and never reaches Stripe twice.
    """
    if request_id and not REQUEST_ID.fullmatch(request_id):
        raise OrderActionError("This refund form is out of date. Reload the order and try again.")
    idempotency_key = OrderRefund.key_for_request(
        order_number=order.number, request_id=request_id or uuid.uuid4().hex
    )
    refund, created = _refund_prepare(
        order_id=order.pk,
        idempotency_key=idempotency_key,
        quantities=quantities or {},
        shipping=shipping,
        amount=amount,
        reason=reason,
        restock=restock,
        user=user,
    )
    if not created:
        refund.repeated_request = True  # the admin says "already sent" instead of "refunded"
        return refund
    try:
        result = payment_services.refund_create(
            kind="order",
            reference=order.number,
            amount=refund.amount,
            idempotency_key=refund.idempotency_key,
            reason=reason,
        )
    except PaymentsError as error:
        OrderRefund.objects.filter(pk=refund.pk).update(status=OrderRefund.Status.FAILED)
        logger.warning("refund for order %s failed: %s", order.number, type(error).__name__)
        raise OrderActionError(f"The refund was not made: {error.user_message}") from error
    return refund_record_result(
        refund_pk=refund.pk, refund_id=result.refund_id, status=result.status, amount=result.amount
    )


@transaction.atomic
def refund_record_result(*, refund_pk: int, refund_id: str, status: str, amount: Money) -> OrderRefund:
    refund = OrderRefund.objects.select_for_update().get(pk=refund_pk)
    Order.objects.select_for_update().filter(pk=refund.order_id).first()
    if refund.refund_id is None:
        # A webhook may have attached a different row for this refund id in the meantime.
        duplicate = OrderRefund.objects.filter(refund_id=refund_id).exclude(pk=refund.pk).first()
        if duplicate is not None:
            refund.status = OrderRefund.Status.CANCELED
            refund.save(update_fields=["status", "updated_at"])
            return duplicate
        refund.refund_id = refund_id
        refund.save(update_fields=["refund_id", "updated_at"])
    refund_status_apply(refund=refund, status=str(status), occurred_at=timezone.now())
    return refund
