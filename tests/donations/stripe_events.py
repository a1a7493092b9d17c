"""Stripe objects and events for recurring-gift tests, built on the shared fake's samples."""

from core.money import to_minor_units
from tests.fixtures.stripe import make_event, new_id


def subscription_checkout(fake, gift, *, invoice_id=None):
    """The paid subscription-mode Checkout Session of `gift` (first invoice included)."""
    session = fake.paid_checkout(
        kind="donation",
        reference=gift.reference,
        amount_total=gift.charge_amount,
        mode="subscription",
        customer_email=gift.donor.email,
        session_overrides={"id": gift.checkout_session_id or new_id("checkout.session")},
    )
    if invoice_id:
        session["invoice"] = invoice_id
        fake.put(session)
    return session


def invoice(fake, gift, subscription_id, *, amount=None, paid=True, billing_reason="subscription_cycle"):
    amount = amount or gift.charge_amount
    obj = fake.obj(
        "invoice",
        amount_paid=to_minor_units(amount) if paid else 0,
        amount_due=to_minor_units(amount),
        subtotal=to_minor_units(amount),
        currency="usd",
        billing_reason=billing_reason,
        status="paid" if paid else "open",
        customer=gift.stripe_customer_id or "cus_fake_donor",
        customer_email=gift.donor.email,
        hosted_invoice_url=None if paid else "https://invoice.stripe.com/i/acct_fake/test_update_card",
        parent={
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": {"kind": "donation", "reference": gift.reference},
            },
        },
        metadata={},
        total_taxes=[],
        total_discount_amounts=[],
    )
    return fake.put(obj)


def subscription(fake, gift, subscription_id, *, status="active"):
    obj = fake.obj("subscription", status=status, metadata={"kind": "donation", "reference": gift.reference})
    obj["id"] = subscription_id
    return fake.put(obj)


def event(event_type, obj, created=None):
    return make_event(event_type, obj, created=created)
