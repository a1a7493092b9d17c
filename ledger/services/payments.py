"""Booking a settled payment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from .. import selectors
from ..allocation import AllocationError, to_minor
from ..errors import LedgerError
from ..legs import payment_legs
from ..models import Posting, books_date
from ..types import Channel, RevenueLine
from ._write import PAYMENT, _currency_of, _existing, _write_posting


@transaction.atomic
def payment_post(
    *,
    source: str,
    occurred_at: dt.datetime,
    channel: Channel,
    revenue: list[RevenueLine],
    shipping: Money,
    tax: Money,
    fee: Money | None,
    fee_covered: Money | None = None,
    tags: tuple[str, ...] = (),
    memo: str = "",
) -> Posting:
    """Book a settled payment (kind "payment"); see the module docstring of models.py for the signs
    and legs.py for the legs: each revenue line, shipping and tax balance on their own line.

    Each revenue line is split by the rule version in force on the payment's books date;
    `fee_covered` (what the donor added for the fee, at most the revenue) goes to the fund that
    bears the fee, so the designated fund receives the gift whole. The fee debits processing-fees,
    charged to each line's fee fund in proportion to the lines (operations by default).
    """
    existing = _existing(source, PAYMENT)
    if existing is not None:
        return existing
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware.")
    channel = Channel(channel)
    currencies = {_currency_of(line.amount) for line in revenue} | {_currency_of(shipping), _currency_of(tax)}
    currencies |= {_currency_of(fee), _currency_of(fee_covered)} - {None}
    if len(currencies) != 1:
        raise LedgerError(f"All amounts of a payment must be in one currency, got {sorted(currencies)}.")
    currency = currencies.pop()
    try:
        gross_units = sum(to_minor(line.amount) for line in revenue) + to_minor(shipping) + to_minor(tax)
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if gross_units == 0:
        raise LedgerError(f"Payment {source} has no amount to book.")
    legs = payment_legs(
        currency=currency,
        lines=selectors.line_rules(revenue=revenue, channel=channel, on=books_date(occurred_at)),
        shipping=shipping,
        tax=tax,
        fee=fee,
        fee_covered=fee_covered,
    )
    return _write_posting(
        source=source,
        kind=PAYMENT,
        occurred_at=occurred_at,
        currency=currency,
        channel=channel,
        memo=memo,
        legs=legs,
        tags=tags,
    )
