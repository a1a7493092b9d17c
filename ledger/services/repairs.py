"""Correcting a posting by reversing and re-posting, never by editing rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from ..errors import LedgerError
from ..legs import BookLeg
from ..models import Posting
from ._write import PAYMENT, _write_posting

REPAIR_KIND_PREFIX = "repair:"


@transaction.atomic
def posting_repair(
    *,
    source: str,
    should_hold: dict[tuple, Money],
    holds: dict[tuple, Money],
    occurred_at: dt.datetime | None = None,
    memo: str = "",
) -> Posting:
    """One correcting posting ("repair:N", reversing the payment of `source`): it gives back every
    reversible leg the source holds (`holds`) and books what it should hold (`should_hold`), both
    keyed like legs.BookLeg.key, so the rows already written stay as they are and the books end up
    right. Refunds after the repair reverse the corrected legs."""
    payment = Posting.objects.select_for_update().filter(source=source, kind=PAYMENT).first()
    if payment is None:
        raise LedgerError(f"There is no payment posting for {source!r} to repair.")
    legs = []
    for key in dict.fromkeys([*should_hold, *holds]):
        line, account, fund, role, rule_id, currency = key
        amount = should_hold.get(key, Money(0, currency)) - holds.get(key, Money(0, currency))
        if amount.amount:
            legs.append(
                BookLeg(line=line, account=account, fund=fund, role=role, rule_id=rule_id, amount=amount)
            )
    if not legs:
        raise LedgerError(f"{source} already holds what it should; nothing to repair.")
    number = payment.reversals.filter(kind__startswith=REPAIR_KIND_PREFIX).count() + 1
    return _write_posting(
        source=source,
        kind=f"{REPAIR_KIND_PREFIX}{number}",
        occurred_at=occurred_at or timezone.now(),
        currency=payment.currency,
        channel=payment.channel,
        memo=memo,
        legs=legs,
        tags=tuple(payment.tags.values_list("tag", flat=True)),
        reverses=payment,
    )
