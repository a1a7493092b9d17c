"""The typed values of payments.types, built from Stripe objects (plain dicts)."""

from __future__ import annotations

import datetime as dt
import logging

import stripe
from django.conf import settings
from djmoney.money import Money

from payments import client as stripe_access
from payments.mapping.common import (
    Target,
    invoice_payment_intent,
    invoice_subscription,
    object_id,
    stripe_amount,
    sum_stripe_amounts,
    timestamp,
)
from payments.mapping.reads import demo_fee, invoice_payment_details, payment_intent_fee, stripe_read
from payments.types import (
    DisputePhase,
    PaymentSettled,
    RefundStatus,
    RefundUpdated,
    StripeIds,
)

logger = logging.getLogger("payments.mapping")


def _shipping_address(session: dict) -> tuple[dict | None, str]:
    details = (session.get("collected_information") or {}).get("shipping_details") or session.get(
        "shipping_details"
    )
    if not details or not details.get("address"):
        return None, ""
    address = details["address"]
    if not any(address.get(part) for part in ("line1", "city", "postal_code", "country")):
        return None, details.get("name") or ""
    keys = ("line1", "line2", "city", "state", "postal_code", "country")
    return {"name": details.get("name") or "", **{key: address.get(key) or "" for key in keys}}, ""


def shipping_option_label(session: dict) -> str:
    rate = (session.get("shipping_cost") or {}).get("shipping_rate")
    if isinstance(rate, dict):
        return rate.get("display_name") or ""
    if rate and stripe_access.stripe_configured():
        try:
            fetched = stripe_read(f"shipping_rate:{rate}", lambda c: c.v1.shipping_rates.retrieve(rate))
        except stripe.StripeError:
            return ""
        return (fetched or {}).get("display_name") or ""
    return ""


def payment_settled_from_session(
    session: dict, *, target: Target, event_id: str, occurred_at, demo: bool = False
) -> PaymentSettled:
    """`demo`: the session is the demo gateway's (its CheckoutLink says so), so the fee is estimated."""
    currency = session.get("currency") or settings.DEFAULT_CURRENCY
    totals = session.get("total_details") or {}
    shipping_cost = session.get("shipping_cost") or {}
    payment_intent_id = object_id(session.get("payment_intent"))
    amount_total = stripe_amount(session.get("amount_total"), currency)
    if demo:
        fee, charge_id = demo_fee(amount_total), ""
    elif payment_intent_id:
        fee, charge_id = payment_intent_fee(payment_intent_id)
    elif session.get("invoice"):
        # Subscription mode: the first invoice's PaymentIntent, so that payment can be refunded later.
        fee, charge_id, payment_intent_id = invoice_payment_details(object_id(session.get("invoice")))
    else:
        fee, charge_id = None, ""
    customer = session.get("customer_details") or {}
    address, _ = _shipping_address(session)
    return PaymentSettled(
        kind=target.kind,
        reference=target.reference,
        amount_total=amount_total,
        amount_subtotal=stripe_amount(session.get("amount_subtotal"), currency),
        amount_tax=stripe_amount(totals.get("amount_tax"), currency),
        amount_shipping=stripe_amount(
            shipping_cost.get("amount_total") or totals.get("amount_shipping"), currency
        ),
        amount_discount=stripe_amount(totals.get("amount_discount"), currency),
        fee=fee,
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            checkout_session_id=session.get("id") or "",
            payment_intent_id=payment_intent_id,
            charge_id=charge_id,
            customer_id=object_id(session.get("customer")),
            subscription_id=object_id(session.get("subscription")),
            invoice_id=object_id(session.get("invoice")),
        ),
        customer_email=customer.get("email") or session.get("customer_email") or "",
        customer_name=customer.get("name") or "",
        shipping_address=address,
        shipping_option_label=shipping_option_label(session),
        recurring=False,
    )


def payment_settled_from_invoice(
    invoice: dict, *, target: Target, event_id: str, occurred_at
) -> PaymentSettled:
    currency = invoice.get("currency") or settings.DEFAULT_CURRENCY
    subscription_id, _ = invoice_subscription(invoice)
    payment_intent_id = invoice_payment_intent(invoice)
    if payment_intent_id:
        fee, charge_id = payment_intent_fee(payment_intent_id)
    else:
        fee, charge_id, payment_intent_id = invoice_payment_details(invoice.get("id", ""))
    tax = sum_stripe_amounts(invoice.get("total_taxes"), currency)
    discount = sum_stripe_amounts(invoice.get("total_discount_amounts"), currency)
    return PaymentSettled(
        kind=target.kind,
        reference=target.reference,
        amount_total=stripe_amount(invoice.get("amount_paid"), currency),
        amount_subtotal=stripe_amount(invoice.get("subtotal"), currency),
        amount_tax=tax,
        amount_shipping=stripe_amount(invoice.get("amount_shipping"), currency),
        amount_discount=discount,
        fee=fee,
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            payment_intent_id=payment_intent_id,
            charge_id=charge_id,
            customer_id=object_id(invoice.get("customer")),
            subscription_id=subscription_id,
            invoice_id=invoice.get("id") or "",
        ),
        customer_email=invoice.get("customer_email") or "",
        customer_name=invoice.get("customer_name") or "",
        recurring=bool(subscription_id),
    )


def subscription_current_period_end(subscription: dict) -> dt.datetime | None:
    """API 2025-03-31+ moved current_period_end onto the subscription items."""
    ends = [item.get("current_period_end") for item in (subscription.get("items") or {}).get("data") or []]
    ends = [end for end in ends if end]
    return timestamp(max(ends)) if ends else timestamp(subscription.get("current_period_end"))


def refund_value(refund: dict, *, target: Target, event_id: str, occurred_at) -> RefundUpdated:
    try:
        status = RefundStatus(refund.get("status") or "pending")
    except ValueError:
        # requires_action and any future state: money has not moved back yet.
        status = RefundStatus.PENDING
    return RefundUpdated(
        kind=target.kind,
        reference=target.reference,
        refund_id=refund["id"],
        amount=stripe_amount(refund.get("amount"), refund.get("currency") or settings.DEFAULT_CURRENCY),
        status=status,
        occurred_at=occurred_at,
        ids=StripeIds(
            event_id=event_id,
            payment_intent_id=object_id(refund.get("payment_intent")),
            charge_id=object_id(refund.get("charge")),
        ),
        reason=refund.get("failure_reason") or refund.get("reason") or "",
    )


def dispute_fee(dispute: dict, phase: DisputePhase) -> Money:
    currency = dispute.get("currency") or settings.DEFAULT_CURRENCY
    if phase != DisputePhase.FUNDS_WITHDRAWN:
        return Money(0, currency.upper())
    withdrawn = [bt for bt in dispute.get("balance_transactions") or [] if int(bt.get("amount") or 0) < 0]
    if not withdrawn:
        return Money(0, currency.upper())
    return stripe_amount(
        sum(int(bt.get("fee") or 0) for bt in withdrawn), withdrawn[0].get("currency") or currency
    )
