"""A refund's status, from the staff request's result or from Stripe's webhook (including refunds
made in Stripe's dashboard), with each side effect applied exactly once.

A refund of lines reverses exactly those lines' legs in the ledger (pro rata for part of a line), a
shipping refund the shipping legs; a refund by amount (or from Stripe's dashboard) is spread over
the order's lines in proportion to what each still holds. The gift part is handed back to
donations. A refund that fails after it succeeded is mirrored back.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F

from ledger import services as ledger_services
from payments.types import RefundUpdated
from shop import tasks
from shop.models import Order, OrderLine, OrderNote, OrderRefund
from shop.models.orders import PAID_STATUSES, OrderStatus

from .fulfilment import gift_lines_hand_over
from .refund_amounts import amount_split, gift_amounts, refund_ledger_request
from .stock import stock_return

logger = logging.getLogger(__name__)


def refund_status_apply(*, refund: OrderRefund, status: str, occurred_at) -> None:
    """Move one refund to `status`, applying each side effect exactly once."""
    previous = refund.status
    if status == previous:
        return
    order = Order.objects.select_for_update().prefetch_related("lines").get(pk=refund.order_id)
    source = order.ledger_source
    if status == OrderRefund.Status.SUCCEEDED and previous == OrderRefund.Status.PENDING:
        if refund.goods_amount.amount > 0:
            ledger_services.reversal_post(
                source=source,
                kind=f"refund:{refund.refund_id}",
                occurred_at=occurred_at,
                memo=refund.reason[:200],
                **refund_ledger_request(refund),
            )
        if refund.gift_amount.amount > 0:
            gift_lines_hand_over(
                order=order,
                occurred_at=occurred_at,
                refunded=gift_amounts(order, refund),
                refund_reference=refund.refund_id or "",
            )
        _lines_refunded(refund=refund, sign=1)
        order.refunded_total = order.refunded_total + refund.amount
        if refund.restock and not refund.restocked:
            stock_return(
                returned=[
                    (rl.line.variant_id, rl.quantity)
                    for rl in refund.lines.select_related("line")
                    if rl.line.variant_id and rl.quantity
                ]
            )
            refund.restocked = True
        if order.refunded_total >= order.total:
            order.status = OrderStatus.REFUNDED
        order.save()
        tasks.enqueue_on_commit(tasks.send_order_refunded, order.pk, refund.pk)
    elif status == OrderRefund.Status.FAILED and previous == OrderRefund.Status.SUCCEEDED:
        # Reported as succeeded, then failed (e.g. the card was closed): the money stays with us.
        if refund.goods_amount.amount > 0:
            ledger_services.posting_reverse(
                source=source,
                kind=f"refund-failed:{refund.refund_id}",
                reverses_kind=f"refund:{refund.refund_id}",
                occurred_at=occurred_at,
            )
        _lines_refunded(refund=refund, sign=-1)
        order.refunded_total = order.refunded_total - refund.amount
        if order.status == OrderStatus.REFUNDED:
            order.status = OrderStatus.SHIPPED if order.shipped_at else OrderStatus.PAID
        order.save()
        OrderNote.objects.create(
            order=order,
            body=f"Refund {refund.refund_id} of {refund.amount} failed after it was reported: "
            "the customer has not received it. Contact them to refund another way.",
        )
    elif (
        status in (OrderRefund.Status.FAILED, OrderRefund.Status.CANCELED)
        and previous == OrderRefund.Status.PENDING
    ):
        pass  # nothing was booked yet
    elif previous in (OrderRefund.Status.FAILED, OrderRefund.Status.CANCELED):
        return  # a final state does not move again
    refund.status = status
    refund.save(update_fields=["status", "restocked", "updated_at"])


def _lines_refunded(*, refund: OrderRefund, sign: int) -> None:
    for rl in refund.lines.all():
        OrderLine.objects.filter(pk=rl.line_id).update(
            refunded_quantity=F("refunded_quantity") + sign * rl.quantity,
            refunded_amount=F("refunded_amount") + sign * rl.amount.amount,
        )
    if not refund.lines.exists() and refund.gift_amount.amount > 0:
        order = refund.order
        for line_id, amount in gift_amounts(order, refund).items():
            OrderLine.objects.filter(pk=line_id).update(
                refunded_amount=F("refunded_amount") + sign * amount.amount
            )


@transaction.atomic
def order_refund_updated(*, event: RefundUpdated) -> OrderRefund | None:
    """The webhook's view of a refund: ours (by id or still pending), or one made in Stripe's dashboard."""
    order = Order.objects.select_for_update().prefetch_related("lines").filter(number=event.reference).first()
    if order is None:
        logger.warning("refund update for unknown order %s", event.reference)
        return None
    refund = OrderRefund.objects.select_for_update().filter(refund_id=event.refund_id).first()
    if refund is None:
        refund = (
            OrderRefund.objects.select_for_update()
            .filter(
                order=order, refund_id__isnull=True, status=OrderRefund.Status.PENDING, amount=event.amount
            )
            .order_by("pk")
            .first()
        )
        if refund is not None:
            refund.refund_id = event.refund_id
            refund.save(update_fields=["refund_id", "updated_at"])
    if refund is None:
        if order.status not in PAID_STATUSES:
            # charge.refunded before the payment's completion: fail so payments retries it later.
            raise RuntimeError(f"refund {event.refund_id} arrived before order {order.number} was paid")
        goods, gift = amount_split(order, event.amount)
        refund = OrderRefund.objects.create(
            order=order,
            refund_id=event.refund_id,
            idempotency_key=f"dashboard-{event.refund_id}",
            amount=event.amount,
            goods_amount=goods,
            gift_amount=gift,
            reason=(event.reason or "Refunded in the Stripe dashboard")[:255],
            from_dashboard=True,
        )
    refund_status_apply(refund=refund, status=str(event.status), occurred_at=event.occurred_at)
    return refund
