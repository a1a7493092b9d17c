"""Turn a verified Stripe event (a plain dict) into the typed values of payments.types.

Every value names the domain object by kind + reference, found in this order: the object's own
metadata, the CheckoutLink rows we keep, then the metadata of the PaymentIntent or Subscription
fetched from Stripe. Objects that carry none of these are not ours and are ignored.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime as dt
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings
from djmoney.money import Money

from payments import client as stripe_access
from payments.models import CheckoutLink
from payments.money import from_minor_units
from payments.types import (
    DisputePhase,
    PaymentSettled,
    RefundStatus,
    RefundUpdated,
    StripeIds,
)

logger = logging.getLogger(__name__)

SESSION_SETTLED = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
SUBSCRIPTION_EVENTS = {
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
}
REFUND_EVENTS = {"refund.created", "refund.updated", "refund.failed", "charge.refund.updated"}
DISPUTE_PHASES = {
    "charge.dispute.created": DisputePhase.CREATED,
    "charge.dispute.funds_withdrawn": DisputePhase.FUNDS_WITHDRAWN,
    "charge.dispute.funds_reinstated": DisputePhase.FUNDS_REINSTATED,
    "charge.dispute.closed": DisputePhase.CLOSED,
}
HANDLED_TYPES = (
    SESSION_SETTLED
    | SUBSCRIPTION_EVENTS
    | REFUND_EVENTS
    | set(DISPUTE_PHASES)
    | {
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
        "invoice.paid",
        "invoice.payment_failed",
        "charge.refunded",
    }
)


@dataclass(frozen=True)
class Target:
    kind: str
    reference: str


def timestamp(value: int | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def object_id(value) -> str:
    """Stripe fields hold either an id or an expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def target_from_metadata(metadata: dict | None) -> Target | None:
    metadata = metadata or {}
    kind, reference = metadata.get("kind"), metadata.get("reference")
    if kind and reference:
        return Target(str(kind), str(reference))
    return None


def _link_target(**lookup) -> Target | None:
    lookup = {field: value for field, value in lookup.items() if value}
    if not lookup:
        return None
    for field, value in lookup.items():
        link = CheckoutLink.objects.filter(**{field: value}).order_by("-created_at").first()
        if link is not None:
            return Target(link.kind, link.reference)
    return None


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


def _fetch(key: str, fetch) -> dict | None:
    """Fetch from Stripe when a key is configured; None in demo mode. API errors other than
    'not found' propagate, so the event is stored as failed and retried."""
    if not stripe_access.stripe_configured():
        return None
    cache = _fetched.get()
    if cache is not None and key in cache:
        return copy.deepcopy(cache[key])
    try:
        result = fetch(stripe_access.stripe_client()).to_dict()
    except stripe.InvalidRequestError as exc:
        if exc.http_status != 404:
            raise
        result = None
    if cache is not None:
        cache[key] = copy.deepcopy(result)
    return result


def fetch_payment_intent(payment_intent_id: str, *, expand: list[str] | None = None) -> dict | None:
    if not payment_intent_id:
        return None
    params = {"expand": expand} if expand else {}
    return _fetch(
        f"payment_intent:{payment_intent_id}:{expand}",
        lambda c: c.v1.payment_intents.retrieve(payment_intent_id, params=params),
    )


def _target_for_payment_intent(payment_intent_id: str) -> Target | None:
    if not payment_intent_id:
        return None
    target = _link_target(payment_intent_id=payment_intent_id)
    if target:
        return target
    payment_intent = fetch_payment_intent(payment_intent_id)
    return target_from_metadata((payment_intent or {}).get("metadata"))


def _target_for_subscription(subscription_id: str) -> Target | None:
    if not subscription_id:
        return None
    target = _link_target(subscription_id=subscription_id)
    if target:
        return target
    subscription = _fetch(
        f"subscription:{subscription_id}", lambda c: c.v1.subscriptions.retrieve(subscription_id)
    )
    return target_from_metadata((subscription or {}).get("metadata"))


def _payment_intent_of_charge(charge_id: str) -> str:
    charge = _fetch(f"charge:{charge_id}", lambda c: c.v1.charges.retrieve(charge_id)) if charge_id else None
    return object_id((charge or {}).get("payment_intent"))


def _money(value, currency: str) -> Money:
    return from_minor_units(int(value or 0), currency)


def _fee_from_balance_transaction(balance_transaction) -> Money | None:
    if not isinstance(balance_transaction, dict) or balance_transaction.get("fee") is None:
        return None
    return _money(balance_transaction["fee"], balance_transaction["currency"])


def payment_intent_fee(payment_intent_id: str) -> tuple[Money | None, str]:
    """Stripe's processing fee for a payment and its charge id; (None, "") when Stripe does not say."""
    try:
        payment_intent = fetch_payment_intent(payment_intent_id, expand=["latest_charge.balance_transaction"])
    except stripe.StripeError:
        logger.warning("payments: could not read the fee of %s; passing fee=None", payment_intent_id)
        return None, ""
    charge = (payment_intent or {}).get("latest_charge")
    if not isinstance(charge, dict):
        return None, object_id(charge)
    return _fee_from_balance_transaction(charge.get("balance_transaction")), charge.get("id", "")


def demo_fee(amount: Money) -> Money:
    """The fee the demo gateway reports: PAYMENTS_FEE_RATE x amount + PAYMENTS_FEE_FIXED, half-up to cents."""
    rate = Decimal(str(settings.PAYMENTS_FEE_RATE))
    fixed = Decimal(str(settings.PAYMENTS_FEE_FIXED))
    if amount.amount <= 0:
        return Money(0, amount.currency)
    fee = (amount.amount * rate + fixed).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Money(fee, amount.currency)


def session_target(session: dict) -> Target | None:
    return target_from_metadata(session.get("metadata")) or _link_target(session_id=session.get("id"))


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


def _shipping_option_label(session: dict) -> str:
    rate = (session.get("shipping_cost") or {}).get("shipping_rate")
    if isinstance(rate, dict):
        return rate.get("display_name") or ""
    if rate and stripe_access.stripe_configured():
        try:
            fetched = _fetch(f"shipping_rate:{rate}", lambda c: c.v1.shipping_rates.retrieve(rate))
        except stripe.StripeError:
            return ""
        return (fetched or {}).get("display_name") or ""
    return ""


def payment_settled_from_session(
    session: dict, *, target: Target, event_id: str, occurred_at
) -> PaymentSettled:
    currency = session.get("currency") or settings.DEFAULT_CURRENCY
    totals = session.get("total_details") or {}
    shipping_cost = session.get("shipping_cost") or {}
    payment_intent_id = object_id(session.get("payment_intent"))
    amount_total = _money(session.get("amount_total"), currency)
    link = CheckoutLink.objects.filter(session_id=session.get("id")).first()
    if link is not None and link.demo:
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
        amount_subtotal=_money(session.get("amount_subtotal"), currency),
        amount_tax=_money(totals.get("amount_tax"), currency),
        amount_shipping=_money(shipping_cost.get("amount_total") or totals.get("amount_shipping"), currency),
        amount_discount=_money(totals.get("amount_discount"), currency),
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
        shipping_option_label=_shipping_option_label(session),
        recurring=False,
    )


def session_is_paid(session: dict) -> bool:
    return session.get("status") == "complete" and session.get("payment_status") in (
        "paid",
        "no_payment_required",
    )


# --- invoices (subscriptions and invoiced orders) ------------------------------------------------


def invoice_subscription(invoice: dict) -> tuple[str, dict]:
    """The subscription id and its metadata snapshot, where API 2025-03-31+ puts them (invoice.parent)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription_id = object_id(details.get("subscription")) or object_id(invoice.get("subscription"))
    return subscription_id, details.get("metadata") or {}


def invoice_target(invoice: dict) -> Target | None:
    subscription_id, subscription_metadata = invoice_subscription(invoice)
    return (
        target_from_metadata(subscription_metadata)
        or target_from_metadata(invoice.get("metadata"))
        or _target_for_subscription(subscription_id)
    )


def invoice_payment_intent(invoice: dict) -> str:
    for payment in (invoice.get("payments") or {}).get("data") or []:
        payment_intent = object_id((payment.get("payment") or {}).get("payment_intent"))
        if payment_intent:
            return payment_intent
    return ""


def invoice_payment_details(invoice_id: str) -> tuple[Money | None, str, str]:
    """(fee, charge id, PaymentIntent id) of a paid invoice, read through its invoice payments."""
    if not invoice_id:
        return None, "", ""
    try:
        payments = _fetch(
            f"invoice_payments:{invoice_id}",
            lambda c: c.v1.invoice_payments.list(params={"invoice": invoice_id, "status": "paid"}),
        )
    except stripe.StripeError:
        return None, "", ""
    for payment in (payments or {}).get("data") or []:
        payment_intent = object_id((payment.get("payment") or {}).get("payment_intent"))
        if payment_intent:
            fee, charge_id = payment_intent_fee(payment_intent)
            return fee, charge_id, payment_intent
    return None, "", ""


def invoice_fee(invoice_id: str) -> tuple[Money | None, str]:
    fee, charge_id, _ = invoice_payment_details(invoice_id)
    return fee, charge_id


def _sum_amounts(items, currency: str) -> Money:
    return _money(sum(int(item.get("amount") or 0) for item in items or []), currency)


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
    tax = _sum_amounts(invoice.get("total_taxes"), currency)
    discount = _sum_amounts(invoice.get("total_discount_amounts"), currency)
    return PaymentSettled(
        kind=target.kind,
        reference=target.reference,
        amount_total=_money(invoice.get("amount_paid"), currency),
        amount_subtotal=_money(invoice.get("subtotal"), currency),
        amount_tax=tax,
        amount_shipping=_money(invoice.get("amount_shipping"), currency),
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


# --- subscriptions ------------------------------------------------------------------------------


def subscription_current_period_end(subscription: dict) -> dt.datetime | None:
    """API 2025-03-31+ moved current_period_end onto the subscription items."""
    ends = [item.get("current_period_end") for item in (subscription.get("items") or {}).get("data") or []]
    ends = [end for end in ends if end]
    return timestamp(max(ends)) if ends else timestamp(subscription.get("current_period_end"))


def fresh_subscription(subscription: dict) -> dict:
    """The subscription as Stripe holds it now, so an older event arriving late cannot roll its state back."""
    fetched = _fetch(
        f"subscription:{subscription['id']}", lambda c: c.v1.subscriptions.retrieve(subscription["id"])
    )
    return fetched or subscription


def fresh_refund(refund: dict) -> dict:
    fetched = _fetch(f"refund:{refund['id']}", lambda c: c.v1.refunds.retrieve(refund["id"]))
    return fetched or refund


def refunds_of_charge(charge: dict) -> list[dict]:
    fetched = _fetch(
        f"refunds_of:{charge['id']}",
        lambda c: c.v1.refunds.list(params={"charge": charge["id"], "limit": 100}),
    )
    if fetched is not None:
        return list(fetched.get("data") or [])
    return list(((charge.get("refunds") or {}).get("data")) or [])


def refund_target(refund: dict) -> Target | None:
    target = target_from_metadata(refund.get("metadata"))
    if target:
        return target
    payment_intent_id = object_id(refund.get("payment_intent")) or _payment_intent_of_charge(
        object_id(refund.get("charge"))
    )
    return _target_for_payment_intent(payment_intent_id)


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
        amount=_money(refund.get("amount"), refund.get("currency") or settings.DEFAULT_CURRENCY),
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
    return _money(sum(int(bt.get("fee") or 0) for bt in withdrawn), withdrawn[0].get("currency") or currency)


def dispute_target(dispute: dict) -> Target | None:
    target = target_from_metadata(dispute.get("metadata"))
    if target:
        return target
    payment_intent_id = object_id(dispute.get("payment_intent")) or _payment_intent_of_charge(
        object_id(dispute.get("charge"))
    )
    return _target_for_payment_intent(payment_intent_id)


def prefetch(event: dict) -> None:
    """Make the Stripe reads an event will need, before its database transaction opens.

    Best effort: anything that fails here is fetched again (and fails properly) inside.
    """
    event_type = event.get("type")
    obj = (event.get("data") or {}).get("object") or {}
    if event_type not in HANDLED_TYPES or not stripe_access.stripe_configured():
        return
    try:
        if event_type in SESSION_SETTLED and session_is_paid(obj):
            session_target(obj)
            if obj.get("payment_intent"):
                payment_intent_fee(object_id(obj.get("payment_intent")))
            elif obj.get("invoice"):
                invoice_fee(object_id(obj.get("invoice")))
            _shipping_option_label(obj)
        elif event_type in ("invoice.paid", "invoice.payment_failed"):
            invoice_target(obj)
            if event_type == "invoice.paid":
                payment_intent = invoice_payment_intent(obj)
                if payment_intent:
                    payment_intent_fee(payment_intent)
                else:
                    invoice_fee(obj.get("id", ""))
        elif event_type in SUBSCRIPTION_EVENTS:
            fresh_subscription(obj)
        elif event_type == "charge.refunded":
            for refund in refunds_of_charge(obj):
                refund_target(
                    {**refund, "payment_intent": refund.get("payment_intent") or obj.get("payment_intent")}
                )
        elif event_type in REFUND_EVENTS:
            refund_target(fresh_refund(obj))
        elif event_type in DISPUTE_PHASES:
            dispute_target(obj)
    except Exception:  # retried inside the transaction, where a failure is recorded on the event
        logger.info("payments: prefetch for %s failed; fetching again inside", event.get("id"))
