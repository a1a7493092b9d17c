"""The event-type registry: a new Stripe event type is one entry plus the domain handler's method.

`invoice.finalized` is not handled by the project: a signed delivery of it is stored and ignored.
Registering it (one entry, as the README shows) delivers it, typed, to the handler method the entry
names, through the same inbox; a kind whose handler lacks that method still ignores it.
"""

from functools import partial

import pytest

from payments import types as payment_types
from payments.mapping import states
from payments.mapping.targets import metadata_target
from payments.models import StripeEvent
from payments.services.event_types import EVENT_TYPES, EventType, owned_by
from payments.types import InvoiceState, InvoiceUpdated
from tests.fixtures.stripe import make_event, post_webhook
from tests.fixtures.stripe_samples import sample

pytestmark = pytest.mark.django_db

RECEIVED: list = []


class InvoiceWatcher:
    def invoice_updated(self, value):
        RECEIVED.append(value)


watcher = InvoiceWatcher()


class Indifferent:
    """A handler without invoice_updated."""


indifferent = Indifferent()


@pytest.fixture
def handlers(settings, stripe_fake):
    settings.PAYMENTS_HANDLERS = {
        "watch": "tests.payments.test_event_registry.watcher",
        "other": "tests.payments.test_event_registry.indifferent",
    }
    RECEIVED.clear()
    yield
    RECEIVED.clear()


def finalized_invoice(kind: str, reference: str) -> dict:
    return sample(
        "invoice",
        status="open",
        metadata={"kind": kind, "reference": reference},
        hosted_invoice_url="https://invoice.stripe.com/i/acct_1/test_1",
    )


def test_an_event_type_not_in_the_registry_is_stored_and_ignored(client, handlers):
    event = make_event("invoice.finalized", finalized_invoice("watch", "Q-1"))

    response = post_webhook(client, event)

    assert response.status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.IGNORED
    assert RECEIVED == []


def test_one_registry_entry_delivers_a_new_event_type_to_the_handler_method_it_names(
    client, handlers, monkeypatch
):
    monkeypatch.setitem(
        EVENT_TYPES,
        "invoice.finalized",
        EventType(
            method="invoice_updated",
            subjects=owned_by(metadata_target),
            value=partial(states.invoice_updated, state=InvoiceState.OVERDUE),
        ),
    )
    invoice = finalized_invoice("watch", "Q-2")
    event = make_event("invoice.finalized", invoice)

    response = post_webhook(client, event)
    post_webhook(client, event)  # a duplicate delivery is still one effect

    assert response.status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.PROCESSED
    [value] = RECEIVED
    assert isinstance(value, InvoiceUpdated)
    assert (value.kind, value.reference, value.state) == ("watch", "Q-2", InvoiceState.OVERDUE)
    assert value.ids.invoice_id == invoice["id"]
    assert value.ids.event_id == event["id"]
    assert value.hosted_invoice_url == invoice["hosted_invoice_url"]


def test_a_kind_whose_handler_lacks_the_method_ignores_the_new_type(client, handlers, monkeypatch):
    monkeypatch.setitem(
        EVENT_TYPES,
        "invoice.finalized",
        EventType(
            method="invoice_updated",
            subjects=owned_by(metadata_target),
            value=partial(states.invoice_updated, state=InvoiceState.OVERDUE),
        ),
    )
    event = make_event("invoice.finalized", finalized_invoice("other", "Q-3"))

    assert post_webhook(client, event).status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.IGNORED
    assert RECEIVED == []


def test_every_entry_names_a_handler_method_of_the_documented_protocol():
    for event_type, entry in EVENT_TYPES.items():
        assert f"{entry.method}(" in payment_types.__doc__, event_type
