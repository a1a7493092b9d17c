"""Stripe invoices with net terms (collection_method=send_invoice) for corporate orders.

Customer, invoice items, then finalize and send. Each request carries an idempotency key derived
from the domain's key, so a retried "send" after a timeout never creates a second invoice. The
invoice is remembered as a CheckoutLink (its id in place of a session id) so that the payment's
refunds and disputes map back to the domain object like a Checkout payment's.
A deposit is simply an invoice for part of the total; the balance invoice that follows carries the
deposit as a negative line (`InvoiceRequest.less_paid`), so the two add up to the whole.
"""

from __future__ import annotations

import logging

import stripe

from core.money import from_minor_units, to_minor_units
from payments import client as stripe_access
from payments import dispatch
from payments.exceptions import PaymentProviderUnavailable, PaymentsError
from payments.mapping.common import timestamp
from payments.models import CheckoutLink
from payments.types import InvoiceRequest, InvoiceStart

logger = logging.getLogger(__name__)


class InvoiceError(PaymentsError):
    user_message = "The invoice could not be created. Nothing was sent; please try again."


def invoice_request_validate(request: InvoiceRequest) -> None:
    if request.kind not in dispatch.known_kinds():
        raise InvoiceError(f"No payment handler is configured for kind {request.kind!r}")
    if not request.reference or len(request.reference) > 100:
        raise InvoiceError("An invoice needs a reference of 1-100 characters")
    if not request.customer_email:
        raise InvoiceError(user_message="An invoice needs the customer's email address.")
    if not request.line_items:
        raise InvoiceError(user_message="There is nothing to invoice.")
    if not 1 <= request.days_until_due <= 365:
        raise InvoiceError(user_message="Payment terms must be 1 to 365 days.")
    currencies = {str(item.unit_amount.currency) for item in request.line_items}
    if request.shipping is not None:
        currencies.add(str(request.shipping.amount.currency))
    if len(currencies) != 1:
        raise InvoiceError(user_message="All amounts on one invoice must be in the same currency.")
    for item in request.line_items:
        if item.quantity < 1 or item.unit_amount.amount < 0:
            raise InvoiceError(
                user_message="Invoice lines need a quantity of at least 1 and no negative price."
            )
    if request.less_paid is not None:
        _validate_less_paid(request, currencies.pop())


def _validate_less_paid(request: InvoiceRequest, currency: str) -> None:
    """A balance invoice's credit for the deposit: same currency, more than zero, less than the total."""
    total = sum(
        (item.unit_amount * item.quantity for item in request.line_items),
        request.line_items[0].unit_amount * 0,
    )
    if request.shipping is not None:
        total += request.shipping.amount
    if str(request.less_paid.currency) != currency:
        raise InvoiceError(user_message="The deposit paid must be in the invoice's currency.")
    if not 0 < request.less_paid.amount < total.amount:
        raise InvoiceError(user_message="The deposit paid must be more than zero and less than the total.")


def _unavailable(exc: stripe.StripeError) -> PaymentsError:
    logger.warning("payments: Stripe refused an invoice step: %s (%s)", type(exc).__name__, exc.code or "")
    if isinstance(exc, (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)):
        return PaymentProviderUnavailable("Stripe unavailable while creating an invoice")
    return InvoiceError(f"Stripe refused the invoice: {exc.code}", user_message=exc.user_message or None)


def _item_description(item) -> str:
    return (f"{item.quantity} x {item.name}" if item.quantity > 1 else item.name)[:500]


def invoice_create(*, request: InvoiceRequest) -> InvoiceStart:
    """Create, finalize and send the invoice; outside any transaction (it talks to Stripe)."""
    invoice_request_validate(request)
    if not stripe_access.stripe_configured():
        raise InvoiceError(
            "Invoices need Stripe keys",
            user_message="Invoices are sent through Stripe, which is not configured on this site.",
        )
    key = request.idempotency_key or f"{request.kind}-{request.reference}-invoice"
    metadata = {"kind": request.kind, "reference": request.reference}
    currency = str(request.line_items[0].unit_amount.currency).lower()
    client = stripe_access.stripe_client()
    try:
        customer = client.v1.customers.create(
            params={
                "email": request.customer_email,
                "name": (request.company or request.customer_name)[:250],
                "description": request.customer_name[:250],
                "metadata": metadata,
            },
            options={"idempotency_key": f"{key}-customer"[:255]},
        )
        params = {
            "customer": customer.id,
            "collection_method": "send_invoice",
            "days_until_due": request.days_until_due,
            "currency": currency,
            "metadata": metadata,
            "description": request.description[:500],
            "pending_invoice_items_behavior": "exclude",
            "auto_advance": False,
        }
        if request.shipping is not None and request.shipping.amount.amount > 0:
            params["shipping_cost"] = {
                "shipping_rate_data": {
                    "display_name": request.shipping.label[:100],
                    "type": "fixed_amount",
                    "fixed_amount": {"amount": to_minor_units(request.shipping.amount), "currency": currency},
                }
            }
        invoice = client.v1.invoices.create(params=params, options={"idempotency_key": f"{key}-create"[:255]})
        for index, item in enumerate(request.line_items):
            client.v1.invoice_items.create(
                params={
                    "customer": customer.id,
                    "invoice": invoice.id,
                    "currency": currency,
                    "amount": to_minor_units(item.unit_amount * item.quantity),
                    "description": (f"{item.quantity} x {item.name}" if item.quantity > 1 else item.name)[
                        :500
                    ],
                    "metadata": metadata,
                },
                options={"idempotency_key": f"{key}-item-{index}"[:255]},
            )
        if request.less_paid is not None:
            client.v1.invoice_items.create(
                params={
                    "customer": customer.id,
                    "invoice": invoice.id,
                    "currency": currency,
                    "amount": -to_minor_units(request.less_paid),
                    "description": request.less_paid_label[:500],
                    "metadata": metadata,
                },
                options={"idempotency_key": f"{key}-less-paid"[:255]},
            )
        invoice = client.v1.invoices.finalize_invoice(
            invoice.id, options={"idempotency_key": f"{key}-finalize"[:255]}
        )
        invoice = client.v1.invoices.send_invoice(
            invoice.id, options={"idempotency_key": f"{key}-send"[:255]}
        ).to_dict()
    except stripe.StripeError as exc:
        raise _unavailable(exc) from exc
    CheckoutLink.objects.update_or_create(
        session_id=invoice["id"],
        defaults={
            "kind": request.kind,
            "reference": request.reference,
            "mode": CheckoutLink.Mode.PAYMENT,
            "idempotency_key": key[:255],
            "customer_id": customer.id,
        },
    )
    return InvoiceStart(
        invoice_id=invoice["id"],
        customer_id=customer.id,
        hosted_invoice_url=invoice.get("hosted_invoice_url") or "",
        total=from_minor_units(int(invoice.get("total") or 0), invoice["currency"]),
        due_at=timestamp(invoice.get("due_date")),
    )
