"""Refunds and disputes: staff refunds through `payments`, and the webhook's refund/dispute updates.

A refund of lines reverses exactly those lines' legs in the ledger (pro rata for part of a line), a
shipping refund the shipping legs; a refund by amount (or from Stripe's dashboard, or a dispute) is
spread over the order's lines in proportion to what each still holds. The gift part is handed back
to donations. A refund that fails after it succeeded is mirrored back.
"""

from __future__ import annotations

import logging
import re
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from djmoney.money import Money

from ledger import services as ledger_services
from ledger.legs import SHIPPING_LINE
from payments import services as payment_services
from payments.exceptions import PaymentsError
from payments.types import DisputePhase, DisputeUpdated, RefundUpdated
from shop import tasks
from shop.errors import OrderActionError
from shop.models import Order, OrderDispute, OrderLine, OrderNote, OrderRefund, OrderRefundLine
from shop.models.orders import PAID_STATUSES, OrderStatus
from shop.money import money_sum, quantize, split_by_weights, zero

from .fulfilment import gift_lines_hand_over, order_goods_net
from .stock import stock_return

logger = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def _posted_goods_gross(order: Order) -> Money:
    """What the order's ledger posting took in (goods net of discount + shipping + tax)."""
    return order.total - (order.gift_total or zero(order.currency))


def _goods_refunded(order: Order) -> Money:
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


def _split_amount(order: Order, amount: Money) -> tuple[Money, Money]:
    """An amount with no lines named: goods (incl. shipping and tax) first, then the gift."""
    goods_left = _posted_goods_gross(order) - _goods_refunded(order)
    goods = min(amount, goods_left) if goods_left.amount > 0 else zero(order.currency)
    return goods, amount - goods


def _shipping_left(order: Order) -> Money:
    refunds = order.refunds.filter(status__in=[OrderRefund.Status.SUCCEEDED, OrderRefund.Status.PENDING])
    return order.shipping_total - money_sum((r.shipping_amount for r in refunds), order.currency)


def _pending_by_line(order: Order) -> dict[int, tuple[int, Money]]:
    """(quantity, amount) per line of the refunds sent to Stripe whose outcome is not known yet."""
    pending: dict[int, tuple[int, Money]] = {}
    rows = OrderRefundLine.objects.filter(refund__order=order, refund__status=OrderRefund.Status.PENDING)
    for row in rows:
        quantity, amount = pending.get(row.line_id, (0, zero(order.currency)))
        pending[row.line_id] = (quantity + row.quantity, amount + row.amount)
    return pending


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
    pending = _pending_by_line(order)
    refund_lines = []
    shipping_amount = zero(currency)
    if shipping:
        shipping_amount = _shipping_left(order)
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
        goods, gift = _split_amount(order, amount)
    refundable = order.total - order.refunded_total - _pending_total(order)
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


def _pending_total(order: Order) -> Money:
    pending = order.refunds.filter(status=OrderRefund.Status.PENDING)
    return money_sum((r.amount for r in pending), order.currency)


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
    _apply_status(refund=refund, status=str(status), occurred_at=timezone.now())
    return refund


def _apply_status(*, refund: OrderRefund, status: str, occurred_at) -> None:
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
                event="refunded",
                occurred_at=occurred_at,
                amounts=_gift_amounts(order, refund),
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


def _gift_amounts(order: Order, refund: OrderRefund) -> dict[int, Money]:
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


def _lines_refunded(*, refund: OrderRefund, sign: int) -> None:
    for rl in refund.lines.all():
        OrderLine.objects.filter(pk=rl.line_id).update(
            refunded_quantity=F("refunded_quantity") + sign * rl.quantity,
            refunded_amount=F("refunded_amount") + sign * rl.amount.amount,
        )
    if not refund.lines.exists() and refund.gift_amount.amount > 0:
        order = refund.order
        for line_id, amount in _gift_amounts(order, refund).items():
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
        goods, gift = _split_amount(order, event.amount)
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
    _apply_status(refund=refund, status=str(event.status), occurred_at=event.occurred_at)
    return refund


@transaction.atomic
def order_dispute_updated(*, event: DisputeUpdated) -> OrderDispute | None:
    order = Order.objects.select_for_update().prefetch_related("lines").filter(number=event.reference).first()
    if order is None:
        logger.warning("dispute update for unknown order %s", event.reference)
        return None
    dispute, _ = OrderDispute.objects.select_for_update().get_or_create(
        dispute_id=event.dispute_id,
        defaults={"order": order, "phase": str(event.phase), "status": event.status, "amount": event.amount},
    )
    source = order.ledger_source
    if event.phase == DisputePhase.FUNDS_WITHDRAWN and not dispute.funds_withdrawn:
        goods, _gift = _split_amount(order, event.amount)
        if goods.amount > 0:
            ledger_services.reversal_post(
                source=source, kind=f"dispute:{event.dispute_id}", amount=goods, occurred_at=event.occurred_at
            )
        if event.fee.amount > 0:
            ledger_services.fee_post(
                source=source,
                kind=f"dispute-fee:{event.dispute_id}",
                amount=event.fee,
                occurred_at=event.occurred_at,
            )
        dispute.funds_withdrawn = True
        dispute.fee = event.fee
        OrderNote.objects.create(order=order, body=f"Dispute {event.dispute_id}: {event.amount} withdrawn.")
    elif (
        event.phase == DisputePhase.FUNDS_REINSTATED
        and dispute.funds_withdrawn
        and not dispute.funds_reinstated
    ):
        from ledger.selectors import postings_for_source

        if postings_for_source(source=source).filter(kind=f"dispute:{event.dispute_id}").exists():
            ledger_services.posting_reverse(
                source=source,
                kind=f"dispute-reinstated:{event.dispute_id}",
                reverses_kind=f"dispute:{event.dispute_id}",
                occurred_at=event.occurred_at,
            )
        dispute.funds_reinstated = True
        OrderNote.objects.create(order=order, body=f"Dispute {event.dispute_id}: funds reinstated.")
    dispute.phase = str(event.phase)
    dispute.status = event.status
    dispute.save()
    return dispute
