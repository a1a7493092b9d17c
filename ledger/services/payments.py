"""Booking a settled payment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from .. import selectors
from ..allocation import AllocationError, allocate, from_minor, split_proportionally, to_minor
from ..errors import LedgerError
from ..models import AllocationRule, EntryRole, Posting, books_date
from ..types import Channel, RevenueLine
from ._write import (
    OPERATIONS,
    PAYMENT,
    PROCESSING_FEES,
    SALES_TAX_PAYABLE,
    SHIPPING_INCOME,
    STRIPE_BALANCE,
    _currency_of,
    _existing,
    _Leg,
    _write_posting,
)


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
    """Book a settled payment (kind "payment"); see the module docstring of models.py for the signs.

    Debit stripe-balance with the gross, credit each revenue line's funds by its rule, shipping to
    shipping-income and tax to sales-tax-payable. `fee_covered` (what the donor added for the fee,
    at most the revenue) is taken off the lines first and credited to the fund that bears the fee,
    so the designated fund receives the gift whole. The fee debits processing-fees, charged to each
    line's fee fund in proportion to the lines (operations by default).
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
        line_units = [to_minor(line.amount) for line in revenue]
        shipping_units, tax_units = to_minor(shipping), to_minor(tax)
        fee_units = to_minor(fee) if fee is not None else 0
        covered_units = to_minor(fee_covered) if fee_covered is not None else 0
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    if min([*line_units, shipping_units, tax_units, fee_units, covered_units], default=0) < 0:
        raise LedgerError("Payment amounts cannot be negative; book refunds with reversal_post.")
    gross_units = sum(line_units) + shipping_units + tax_units
    if gross_units == 0:
        raise LedgerError(f"Payment {source} has no amount to book.")

    on = books_date(occurred_at)
    covered_units = min(covered_units, sum(line_units))
    if sum(line_units) == 0:
        line_units_for_fees = [1] + [0] * (len(line_units) - 1) if line_units else []
    else:
        line_units_for_fees = line_units
    covered_parts = split_proportionally(total=covered_units, weights=line_units) if line_units else []
    legs: list[_Leg] = [
        _Leg(account=STRIPE_BALANCE, amount=from_minor(gross_units, currency), role=EntryRole.GROSS)
    ]
    fee_funds: list[tuple[str, AllocationRule | None]] = []
    for line, line_total, covered in zip(revenue, line_units, covered_parts, strict=True):
        rule, spec = selectors.allocation_for_line(line=line, channel=channel, on=on)
        fee_funds.append((spec.fee_fund, rule))
        try:
            split = allocate(
                amount=from_minor(line_total - covered, currency),
                rule=spec,
                quantity=line.quantity,
                labour_minutes=line.labour_minutes,
            )
        except AllocationError as error:
            raise LedgerError(f"Cannot allocate {line.label or line.key}: {error}") from error
        legs += [
            _Leg(account=leg.account, fund=leg.account, amount=-leg.amount, role=EntryRole.REVENUE, rule=rule)
            for leg in split
        ]
        legs.append(
            _Leg(
                account=spec.fee_fund,
                fund=spec.fee_fund,
                amount=from_minor(-covered, currency),
                role=EntryRole.FEE_COVER,
                rule=rule,
            )
        )
    legs.append(
        _Leg(account=SHIPPING_INCOME, amount=from_minor(-shipping_units, currency), role=EntryRole.SHIPPING)
    )
    legs.append(_Leg(account=SALES_TAX_PAYABLE, amount=from_minor(-tax_units, currency), role=EntryRole.TAX))
    if fee_units:
        weights = line_units_for_fees or [1]
        charged_to = fee_funds or [(OPERATIONS, None)]
        for (fee_fund, rule), part in zip(
            charged_to, split_proportionally(total=fee_units, weights=weights), strict=True
        ):
            legs.append(
                _Leg(
                    account=PROCESSING_FEES,
                    fund=fee_fund,
                    amount=from_minor(part, currency),
                    role=EntryRole.FEE,
                    rule=rule,
                )
            )
        legs.append(
            _Leg(account=STRIPE_BALANCE, amount=from_minor(-fee_units, currency), role=EntryRole.FEE_PAID)
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
