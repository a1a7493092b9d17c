"""The CheckoutLink rows that tie Stripe's ids to our domain objects, and settling a session once."""

from __future__ import annotations

from django.utils import timezone

from core.statements import Statement, loaded_instance
from payments import dispatch, mapping
from payments.models import CheckoutLink
from payments.types import PaymentSettled

# Every session event reads its link: a statement compiled once (core/statements.py), with only
# the columns read here loaded (any other is fetched on first use, as with `.only()`).
_LINK_COLUMNS = ("id", "payment_intent_id", "subscription_id", "customer_id", "demo")
_LINK = Statement(
    lambda session_id: CheckoutLink.objects.filter(session_id=session_id).values_list(*_LINK_COLUMNS),
    session_id=CheckoutLink._meta.get_field("session_id"),
)


def _stored_link(session_id: str) -> CheckoutLink | None:
    row = _LINK.first(session_id=session_id)
    if row is None:
        return None
    values = dict(zip(_LINK_COLUMNS, row, strict=True))
    values["demo"] = bool(values["demo"])  # SQLite's driver answers 0 or 1
    return loaded_instance(CheckoutLink, {"session_id": session_id, **values})


def checkout_link_note_ids(*, session: dict, target: mapping.Target) -> CheckoutLink:
    """Record the ids Stripe assigned after the session started, creating the link if we never saw it."""
    link = _stored_link(str(session["id"]))
    if link is None:
        link, _ = CheckoutLink.objects.get_or_create(
            session_id=session["id"],
            defaults={
                "kind": target.kind,
                "reference": target.reference,
                "mode": session.get("mode") or CheckoutLink.Mode.PAYMENT,
            },
        )
    updates = {
        "payment_intent_id": mapping.object_id(session.get("payment_intent")),
        "subscription_id": mapping.object_id(session.get("subscription")),
        "customer_id": mapping.object_id(session.get("customer")),
    }
    changed = [field for field, value in updates.items() if value and getattr(link, field) != value]
    for field in changed:
        setattr(link, field, updates[field])
    if changed:
        link.save(update_fields=[*changed, "updated_at"])
    return link


def invoice_link_note_ids(*, invoice: dict, value: PaymentSettled) -> None:
    """An invoice we sent (see services/invoices.py) learns its PaymentIntent once paid, so refunds
    and disputes of that payment find their domain object like a Checkout payment's do."""
    if not value.ids.payment_intent_id or value.ids.subscription_id:
        # A subscription's invoice is Stripe's, never one we sent (invoice_create makes one-off
        # invoices only), so no link can be waiting for it: a renewal costs no lookup here.
        return
    CheckoutLink.objects.filter(session_id=invoice.get("id") or "", payment_intent_id="").update(
        payment_intent_id=value.ids.payment_intent_id, customer_id=value.ids.customer_id
    )


def session_settle_once(value: PaymentSettled, *, method: str) -> bool:
    """Hand a paid session to its domain exactly once, whoever gets here first (webhook or success page).

    One conditional UPDATE claims the settlement: it takes the link's row lock, so a racing claim
    waits for this transaction and then finds the link settled (0 rows); if the hand-over raises,
    the claim rolls back with it.
    """
    now = timezone.now()
    claimed = CheckoutLink.objects.filter(
        session_id=value.ids.checkout_session_id, settled_at__isnull=True
    ).update(settled_at=now, settled_by_event=value.ids.event_id, updated_at=now)
    if not claimed:
        if not CheckoutLink.objects.filter(session_id=value.ids.checkout_session_id).exists():
            raise CheckoutLink.DoesNotExist(value.ids.checkout_session_id)
        return True
    return dispatch.deliver(value, method=method)
