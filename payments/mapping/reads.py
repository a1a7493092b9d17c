"""Reads from Stripe (cached per event, so they can run before the database transaction) and fees."""

from __future__ import annotations

import contextlib
import contextvars
import copy
import logging
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

import stripe
from django.conf import settings
from djmoney.money import Money

from payments import client as stripe_access
from payments.mapping.common import object_id, stripe_amount

logger = logging.getLogger("payments.mapping")


# Stripe reads made for one event, kept so the network calls can happen before the database
# transaction opens (prefetch) and the transaction only reuses them.
_fetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar("payments_fetched", default=None)


@contextlib.contextmanager
def stripe_reads_cached():
    token = _fetched.set({})
    try:
        yield
    finally:
        _fetched.reset(token)


def stripe_read(key: str, fetch) -> dict | None:
    """Fetch from Stripe when a key is configured; None in demo mode. API errors other than
    'not found' propagate, so the event is stored as failed and retried."""
    if not stripe_access.stripe_configured():
        return None
    cache = _fetched.get()
    if cache is not None and key in cache:
        return copy.deepcopy(cache[key])
    try:
        result = fetch(stripe_access.stripe_client())
        if isinstance(result, stripe.StripeObject):
            result = result.to_dict()
    except stripe.InvalidRequestError as exc:
        if exc.http_status != 404:
            raise
        result = None
    if cache is not None:
        cache[key] = copy.deepcopy(result)
    return result


def fetch_payment_intent(payment_intent_id: str, *, expand: list[str] | None = None) -> dict | None:
    """The PaymentIntent as a plain dict. Read as Stripe's JSON (the library's raw request, with its
    retries and error mapping), not built into StripeObjects only to be turned back into a dict."""
    if not payment_intent_id:
        return None
    params = {"expand": expand} if expand else {}
    path = f"/v1/payment_intents/{quote(payment_intent_id, safe='')}"
    return stripe_read(
        f"payment_intent:{payment_intent_id}:{expand}",
        lambda c: c.raw_request("get", path, **params).data,
    )


def payment_intent_of_charge(charge_id: str) -> str:
    charge = (
        stripe_read(f"charge:{charge_id}", lambda c: c.v1.charges.retrieve(charge_id)) if charge_id else None
    )
    return object_id((charge or {}).get("payment_intent"))


def _fee_from_balance_transaction(balance_transaction) -> Money | None:
    if not isinstance(balance_transaction, dict) or balance_transaction.get("fee") is None:
        return None
    return stripe_amount(balance_transaction["fee"], balance_transaction["currency"])


def payment_intent_fee(payment_intent_id: str) -> tuple[Money | None, str]:
    """Stripe's processing fee for a payment and its charge id; (None, "") when Stripe does not say.

    When Stripe cannot be reached the error propagates: the event fails and is retried, so a payment
    is never booked without the fee it cost."""
    payment_intent = fetch_payment_intent(payment_intent_id, expand=["latest_charge.balance_transaction"])
    charge = (payment_intent or {}).get("latest_charge")
    if not isinstance(charge, dict):
        return None, object_id(charge)
    return _fee_from_balance_transaction(charge.get("balance_transaction")), charge.get("id", "")


def invoice_payment_details(invoice_id: str) -> tuple[Money | None, str, str]:
    """(fee, charge id, PaymentIntent id) of a paid invoice, read through its invoice payments."""
    if not invoice_id:
        return None, "", ""
    # Errors propagate (the event is retried) for the same reason as in payment_intent_fee.
    payments = stripe_read(
        f"invoice_payments:{invoice_id}",
        lambda c: c.v1.invoice_payments.list(params={"invoice": invoice_id, "status": "paid"}),
    )
    for payment in (payments or {}).get("data") or []:
        payment_intent = object_id((payment.get("payment") or {}).get("payment_intent"))
        if payment_intent:
            fee, charge_id = payment_intent_fee(payment_intent)
            return fee, charge_id, payment_intent
    return None, "", ""


def invoice_fee(invoice_id: str) -> tuple[Money | None, str]:
    fee, charge_id, _ = invoice_payment_details(invoice_id)
    return fee, charge_id


def demo_fee(amount: Money) -> Money:
    """The fee the demo gateway reports: PAYMENTS_FEE_RATE x amount + PAYMENTS_FEE_FIXED, half-up to cents."""
    rate = Decimal(str(settings.PAYMENTS_FEE_RATE))
    fixed = Decimal(str(settings.PAYMENTS_FEE_FIXED))
    if amount.amount <= 0:
        return Money(0, amount.currency)
    fee = (amount.amount * rate + fixed).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Money(fee, amount.currency)


def fresh_subscription(subscription: dict) -> dict:
    """The subscription as Stripe holds it now, so an older event arriving late cannot roll its state back."""
    fetched = stripe_read(
        f"subscription:{subscription['id']}", lambda c: c.v1.subscriptions.retrieve(subscription["id"])
    )
    return fetched or subscription


def fresh_refund(refund: dict) -> dict:
    fetched = stripe_read(f"refund:{refund['id']}", lambda c: c.v1.refunds.retrieve(refund["id"]))
    return fetched or refund


def refunds_of_charge(charge: dict) -> list[dict]:
    fetched = stripe_read(
        f"refunds_of:{charge['id']}",
        lambda c: c.v1.refunds.list(params={"charge": charge["id"], "limit": 100}),
    )
    if fetched is not None:
        return list(fetched.get("data") or [])
    return list(((charge.get("refunds") or {}).get("data")) or [])
