"""Recurring gifts, refunds and disputes arriving by webhook, in any order (STRIPE_SCENARIOS.md)."""

import pytest
from djmoney.money import Money

from payments.models import CheckoutLink
from tests.fixtures.stripe import make_event, post_webhook

pytestmark = pytest.mark.django_db


def _paid(stripe_fake, reference="T-1", **kwargs):
    kwargs.setdefault("amount_total", Money("40.00", "USD"))
    kwargs.setdefault("fee", Money("1.46", "USD"))
    return stripe_fake.paid_checkout(kind="test", reference=reference, **kwargs)


# --- subscriptions and invoices -------------------------------------------------------------------


def _invoice(stripe_fake, subscription, *, billing_reason="subscription_cycle", **overrides):
    fields = {
        "status": "paid",
        "amount_paid": 2500,
        "amount_due": 2500,
        "subtotal": 2500,
        "total": 2500,
        "billing_reason": billing_reason,
        "customer": subscription["customer"],
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "subscription": subscription["id"],
                "metadata": dict(subscription["metadata"]),
            },
        },
    }
    fields.update(overrides)
    return stripe_fake.put(stripe_fake.obj("invoice", **fields))


def test_each_renewal_invoice_paid_is_one_recurring_payment_read_from_parent_subscription_details(
    client, stripe_fake, test_handler
):
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", metadata={"kind": "test", "reference": "R-1"})
    )
    first = _invoice(stripe_fake, subscription)
    second = _invoice(stripe_fake, subscription)

    post_webhook(client, make_event("invoice.paid", first))
    second_event = make_event("invoice.paid", second)
    post_webhook(client, second_event)
    post_webhook(client, second_event)  # redelivered: no second gift

    settled = test_handler.effects("payment_settled", "R-1")
    assert len(settled) == 2
    assert {effect["invoice_id"] for effect in settled} == {first["id"], second["id"]}
    assert all(effect["recurring"] for effect in settled)
    assert all(effect["subscription_id"] == subscription["id"] for effect in settled)
    assert settled[0]["amount_total"] == "25.00"


def test_a_renewal_carries_stripes_fee_found_through_the_invoice_payment(client, stripe_fake, test_handler):
    paid = stripe_fake.paid_checkout(
        kind="test", reference="R-fee", amount_total=Money("25.00", "USD"), fee=Money("1.03", "USD")
    )
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", metadata={"kind": "test", "reference": "R-fee"})
    )
    invoice = _invoice(stripe_fake, subscription)
    stripe_fake.put(
        stripe_fake.obj(
            "invoice_payment",
            invoice=invoice["id"],
            status="paid",
            currency="usd",
            payment={"type": "payment_intent", "payment_intent": paid["payment_intent"]},
        )
    )

    post_webhook(client, make_event("invoice.paid", invoice))

    [settled] = test_handler.effects("payment_settled", "R-fee")
    assert settled["fee"] == "1.03"
    assert stripe_fake.calls("GET", "/v1/invoice_payments")[0].params["invoice"] == invoice["id"]


def test_invoice_paid_before_checkout_completed_books_the_first_payment_once(
    client, stripe_fake, test_handler
):
    session = _paid(stripe_fake, reference="R-2", mode="subscription")
    subscription = stripe_fake.objects[session["subscription"]]
    first_invoice = _invoice(
        stripe_fake, subscription, billing_reason="subscription_create", id=session["invoice"]
    )

    post_webhook(client, make_event("invoice.paid", first_invoice))
    post_webhook(client, make_event("checkout.session.completed", session))

    [settled] = test_handler.effects("payment_settled", "R-2")
    assert settled["invoice_id"] == session["invoice"]
    assert settled["subscription_id"] == subscription["id"]
    assert CheckoutLink.objects.get(session_id=session["id"]).subscription_id == subscription["id"]


def test_invoice_payment_failed_passes_the_hosted_invoice_url(client, stripe_fake, test_handler):
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", metadata={"kind": "test", "reference": "R-3"})
    )
    invoice = _invoice(
        stripe_fake,
        subscription,
        status="open",
        amount_paid=0,
        hosted_invoice_url="https://invoice.stripe.com/i/x",
    )

    post_webhook(client, make_event("invoice.payment_failed", invoice))

    [failed] = test_handler.effects("payment_failed", "R-3")
    assert failed["hosted_invoice_url"] == "https://invoice.stripe.com/i/x"


def test_invoice_of_a_subscription_found_only_through_stripe_is_mapped_by_its_metadata(
    client, stripe_fake, test_handler
):
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", metadata={"kind": "test", "reference": "R-4"})
    )
    invoice = _invoice(stripe_fake, subscription)
    invoice["parent"]["subscription_details"]["metadata"] = None

    post_webhook(client, make_event("invoice.paid", invoice))

    assert len(test_handler.effects("payment_settled", "R-4")) == 1
    assert stripe_fake.calls("GET", f"/v1/subscriptions/{subscription['id']}")


def test_subscription_updated_before_created_ends_in_stripes_current_state(client, stripe_fake, test_handler):
    current = stripe_fake.put(
        stripe_fake.obj("subscription", status="active", metadata={"kind": "test", "reference": "R-5"})
    )
    stale_created = {**current, "status": "incomplete"}

    post_webhook(client, make_event("customer.subscription.updated", current))
    post_webhook(client, make_event("customer.subscription.created", stale_created))

    updates = test_handler.effects("subscription_updated", "R-5")
    assert [update["status"] for update in updates] == ["active", "active"]


def test_subscription_deleted_is_passed_as_deleted(client, stripe_fake, test_handler):
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", status="canceled", metadata={"kind": "test", "reference": "R-6"})
    )

    post_webhook(client, make_event("customer.subscription.deleted", subscription))

    [update] = test_handler.effects("subscription_updated", "R-6")
    assert update["deleted"] is True
    assert update["status"] == "canceled"


# --- refunds and disputes -----------------------------------------------------------------------


def _charge_of(stripe_fake, session):
    payment_intent = stripe_fake.objects[session["payment_intent"]]
    return stripe_fake.objects[payment_intent["latest_charge"]]


def _refund(stripe_fake, charge, amount, status="succeeded"):
    return stripe_fake.put(
        stripe_fake.obj(
            "refund",
            amount=amount,
            charge=charge["id"],
            payment_intent=charge["payment_intent"],
            status=status,
        )
    )


def test_charge_refunded_reports_every_refund_of_the_charge_once(client, stripe_fake, test_handler):
    session = _paid(stripe_fake, amount_total=Money("100.00", "USD"))
    post_webhook(client, make_event("checkout.session.completed", session))
    charge = _charge_of(stripe_fake, session)
    _refund(stripe_fake, charge, 3333)

    post_webhook(client, make_event("charge.refunded", {**charge, "amount_refunded": 3333}))
    _refund(stripe_fake, charge, 6667)
    post_webhook(
        client, make_event("charge.refunded", {**charge, "amount_refunded": 10000, "refunded": True})
    )

    refunds = test_handler.effects("refund_updated")
    assert sorted(refund["amount"] for refund in refunds) == ["33.33", "66.67"]


def test_charge_refunded_before_the_payment_completed_fails_then_replays_right(
    client, stripe_fake, test_handler
):
    session = _paid(stripe_fake, amount_total=Money("100.00", "USD"))
    charge = _charge_of(stripe_fake, session)
    _refund(stripe_fake, charge, 10000)
    refunded = make_event("charge.refunded", {**charge, "amount_refunded": 10000, "refunded": True})

    early = post_webhook(client, refunded)
    assert early.status_code == 500  # the domain has not seen the payment yet; Stripe will retry
    post_webhook(client, make_event("checkout.session.completed", session))
    retry = post_webhook(client, refunded)

    assert retry.status_code == 200
    assert len(test_handler.effects("payment_settled")) == 1
    [refund] = test_handler.effects("refund_updated")
    assert refund["amount"] == "100.00"


def test_a_refund_that_fails_after_it_was_reported_is_passed_on(client, stripe_fake, test_handler):
    session = _paid(stripe_fake)
    post_webhook(client, make_event("checkout.session.completed", session))
    refund = _refund(stripe_fake, _charge_of(stripe_fake, session), 1000)
    post_webhook(client, make_event("refund.created", refund))

    refund["status"] = "failed"
    refund["failure_reason"] = "expired_or_canceled_card"
    post_webhook(client, make_event("refund.updated", refund))

    statuses = [effect["status"] for effect in test_handler.effects("refund_updated")]
    assert statuses == ["succeeded", "failed"]


def test_dispute_funds_withdrawn_carries_the_dispute_fee(client, stripe_fake, test_handler):
    session = _paid(stripe_fake)
    post_webhook(client, make_event("checkout.session.completed", session))
    charge = _charge_of(stripe_fake, session)
    dispute = stripe_fake.obj(
        "dispute",
        amount=4000,
        charge=charge["id"],
        payment_intent=session["payment_intent"],
        status="needs_response",
        balance_transactions=[
            stripe_fake.obj("balance_transaction", amount=-4000, fee=1500, currency="usd", type="adjustment")
        ],
    )

    post_webhook(client, make_event("charge.dispute.created", {**dispute, "balance_transactions": []}))
    post_webhook(client, make_event("charge.dispute.funds_withdrawn", dispute))
    post_webhook(client, make_event("charge.dispute.closed", {**dispute, "status": "lost"}))

    phases = [
        (d["phase"], d["amount"], d["fee"], d["status"]) for d in test_handler.effects("dispute_updated")
    ]
    assert phases == [
        ("created", "40.00", "0", "needs_response"),
        ("funds_withdrawn", "40.00", "15.00", "needs_response"),
        ("closed", "40.00", "0", "lost"),
    ]


def test_a_dispute_known_only_by_its_charge_is_mapped_through_stripe(client, stripe_fake, test_handler):
    session = _paid(stripe_fake)
    post_webhook(client, make_event("checkout.session.completed", session))
    charge = _charge_of(stripe_fake, session)
    CheckoutLink.objects.update(payment_intent_id="")  # as if the link had never learned the id
    dispute = stripe_fake.obj("dispute", amount=4000, charge=charge["id"], payment_intent=None)

    post_webhook(client, make_event("charge.dispute.created", dispute))

    assert len(test_handler.effects("dispute_updated")) == 1
