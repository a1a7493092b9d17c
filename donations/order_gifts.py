"""Gift lines paid inside a shop order (settings.SHOP_GIFT_LINE_HANDLER).

The shop calls `handler(event="paid"|"refunded", order_reference, line_reference, amount, designation,
donor_email, donor_name, occurred_at)`. Only the gift line becomes a donation with an IRS
acknowledgment; the goods in the order never appear on a receipt.

For "refunded", `amount` is the total refunded on that line so far (cumulative), so the same call
twice changes nothing; a shop that tracks refunds one by one may pass `refund_reference` instead, and
`amount` is then that refund's own amount.
"""

from __future__ import annotations

from djmoney.money import Money

from donations.services.order_gifts import order_gift_record, order_gift_refund


def handler(
    *,
    event: str,
    order_reference: str,
    line_reference: str,
    amount: Money,
    designation: str = "",
    donor_email: str = "",
    donor_name: str = "",
    occurred_at=None,
    refund_reference: str = "",
    **_ignored,
):
    if event == "paid":
        return order_gift_record(
            order_reference=str(order_reference),
            line_reference=str(line_reference),
            amount=amount,
            designation=designation,
            donor_email=donor_email,
            donor_name=donor_name,
            occurred_at=occurred_at,
        )
    if event == "refunded":
        return order_gift_refund(
            order_reference=str(order_reference),
            line_reference=str(line_reference),
            amount=amount,
            occurred_at=occurred_at,
            refund_reference=refund_reference,
        )
    raise ValueError(f"Unknown gift line event {event!r}")
