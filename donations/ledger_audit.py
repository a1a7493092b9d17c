"""What donations stored about each settled gift, for `ledger_audit` (settings.LEDGER_AUDIT_SNAPSHOTS):
the amount, the benefit's fair market value, the designation, the fee covered and the fee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from djmoney.money import Money

from donations.models import Donation, GiftStatus
from donations.services.ledger_bridge import gift_channel, revenue_lines
from ledger.types import PaymentSnapshot

UNBOOKED = (GiftStatus.PENDING, GiftStatus.FAILED, GiftStatus.EXPIRED)


def payment_snapshots(*, since: dt.date | None = None) -> Iterator[PaymentSnapshot]:
    gifts = Donation.objects.exclude(status__in=UNBOOKED).filter(received_at__isnull=False)
    if since is not None:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min), timezone.get_default_timezone())
        gifts = gifts.filter(received_at__gte=start)
    for donation in gifts.order_by("received_at", "pk"):
        zero = Money(0, donation.amount.currency)
        yield PaymentSnapshot(
            source=donation.ledger_source,
            channel=gift_channel(donation),
            revenue=tuple(revenue_lines(donation)),
            shipping=zero,
            tax=zero,
            fee=donation.processing_fee,
            fee_covered=donation.fee_covered if donation.fee_covered.amount > 0 else None,
        )
