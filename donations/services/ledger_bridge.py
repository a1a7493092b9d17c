"""The one place donations talk to the ledger: how a gift becomes a posting."""

from __future__ import annotations

from django.utils import timezone
from djmoney.money import Money

from donations.models import Donation, GiftKind
from ledger import services as ledger_services
from ledger.types import Channel, RevenueLine, RuleTarget

EVENT_INCOME = "event-income"

_CHANNELS = {
    GiftKind.TICKET: Channel.EVENTS,
    GiftKind.SPONSORSHIP: Channel.SPONSORSHIPS,
}


def _tags(donation: Donation) -> tuple[str, ...]:
    tags = []
    if donation.campaign_id:
        tags.append(f"campaign:{donation.campaign_id}")
    if donation.circle_id:
        tags.append(f"circle:{donation.circle_id}")
        # The year's progress toward a circle's yearly goal reads this tag (refunds inherit it).
        year = timezone.localdate(donation.received_at).year if donation.received_at else None
        if year:
            tags.append(f"circle:{donation.circle_id}:{year}")
    if donation.event_id:
        tags.append(f"event:{donation.event_id}")
    return tuple(tags)


def revenue_lines(donation: Donation) -> list[RevenueLine]:
    """What was paid, as ledger lines. The ledger takes the covered fee (passed separately) off the
    lines and gives it to the fund that bears fees, so the chosen fund receives the gift whole. What
    paid for a benefit (a dinner, a table) is event income, never a restricted fund."""
    paid = donation.amount
    lines = []
    fmv = min(donation.benefit_fmv, paid) if donation.benefit_fmv.amount > 0 else None
    if fmv is not None:
        lines.append(
            RevenueLine(
                amount=fmv,
                target=RuleTarget.DESIGNATION,
                key=EVENT_INCOME,
                label="Benefits",
                reference=f"benefit:{donation.reference}",
            )
        )
        paid = paid - fmv
    if paid.amount > 0 or not lines:
        lines.append(
            RevenueLine(
                amount=paid,
                target=RuleTarget.DESIGNATION,
                key=donation.designation_key,
                label=donation.designation_label,
                reference=f"gift:{donation.reference}",
            )
        )
    return lines


def gift_channel(donation: Donation) -> Channel:
    return _CHANNELS.get(donation.kind, Channel.DONATIONS)


def gift_post(*, donation: Donation):
    zero = Money(0, donation.amount.currency)
    fee_covered = donation.fee_covered if donation.fee_covered.amount > 0 else None
    return ledger_services.payment_post(
        source=donation.ledger_source,
        occurred_at=donation.received_at,
        channel=gift_channel(donation),
        revenue=revenue_lines(donation),
        shipping=zero,
        tax=zero,
        fee=donation.processing_fee,
        fee_covered=fee_covered,
        tags=_tags(donation),
        memo=f"Gift {donation.reference}",
    )


def gift_reverse(*, donation: Donation, kind: str, amount: Money, occurred_at, memo: str = ""):
    return ledger_services.reversal_post(
        source=donation.ledger_source, kind=kind, amount=amount, occurred_at=occurred_at, memo=memo
    )


def gift_reversal_undo(*, donation: Donation, kind: str, reverses_kind: str, occurred_at, memo: str = ""):
    return ledger_services.posting_reverse(
        source=donation.ledger_source,
        kind=kind,
        reverses_kind=reverses_kind,
        occurred_at=occurred_at,
        memo=memo,
    )


def gift_fee_post(*, donation: Donation, kind: str, amount: Money, occurred_at, memo: str = ""):
    return ledger_services.fee_post(
        source=donation.ledger_source, kind=kind, amount=amount, occurred_at=occurred_at, memo=memo
    )
