"""Disputes from Stripe's webhook: withdrawn funds reverse the goods part (and book Stripe's fee),
reinstated funds reverse that reversal."""

from __future__ import annotations

import logging

from django.db import transaction

from ledger import services as ledger_services
from payments.types import DisputePhase, DisputeUpdated
from shop.models import Order, OrderDispute, OrderNote

from .refund_amounts import amount_split

logger = logging.getLogger(__name__)


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
        goods, _gift = amount_split(order, event.amount)
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
