"""What one webhook delivery costs (issue 14): SQL queries and Stripe calls per event, the Stripe
connection kept alive between calls, and a failed attempt rolled back whole and retried once.

Budgets are query counts and request counts, never times. Each settled event still reads its fee
from Stripe (one call, the balance transaction expanded) and books it.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from djmoney.money import Money

from payments.mapping import reads
from payments.models import CheckoutLink, StripeEvent
from tests.fixtures.stripe import TEST_SECRET_KEY, make_event, post_webhook

pytestmark = pytest.mark.django_db

# A settled Checkout Session whose CheckoutLink exists (stored when the session was started):
# the duplicate check, the insert, the link read, the ids Stripe assigned noted on it, the
# settlement claim, the handler's write and marking the event processed, plus the savepoint pair
# of the test's own transaction (it was 13 before issue 14, with three more savepoint pairs).
SETTLED_SESSION_BUDGET = 9
# A monthly renewal: no CheckoutLink to read or claim.
RENEWAL_BUDGET = 6


def _started_session(stripe_fake, reference: str, fee: str = "1.46") -> dict:
    session = stripe_fake.paid_checkout(
        kind="test", reference=reference, amount_total=Money("40.00", "USD"), fee=Money(fee, "USD")
    )
    # What checkout_session_create stored when the customer was sent to Stripe.
    CheckoutLink.objects.create(
        session_id=session["id"], kind="test", reference=reference, mode=CheckoutLink.Mode.PAYMENT
    )
    return session


def test_a_settled_session_costs_one_stripe_call_and_a_handful_of_queries(
    client, stripe_fake, test_handler, django_assert_max_num_queries
):
    session = _started_session(stripe_fake, "T-cost")
    event = make_event("checkout.session.completed", session)

    with django_assert_max_num_queries(SETTLED_SESSION_BUDGET):
        response = post_webhook(client, event)

    assert response.json()["outcome"] == "processed"
    [call] = stripe_fake.requests
    assert (call.method, call.path) == ("GET", f"/v1/payment_intents/{session['payment_intent']}")
    assert call.params["expand"] == ["latest_charge.balance_transaction"]
    [settled] = test_handler.effects("payment_settled", "T-cost")
    assert settled["fee"] == "1.46"
    link = CheckoutLink.objects.get(session_id=session["id"])
    assert link.settled_by_event == event["id"]
    assert link.payment_intent_id == session["payment_intent"]


def test_a_redelivery_costs_one_lookup_and_no_stripe_call(
    client, stripe_fake, test_handler, django_assert_max_num_queries
):
    event = make_event("checkout.session.completed", _started_session(stripe_fake, "T-again"))
    post_webhook(client, event)
    calls = len(stripe_fake.requests)

    with django_assert_max_num_queries(1):
        response = post_webhook(client, event)

    assert response.json()["outcome"] == "duplicate"
    assert len(stripe_fake.requests) == calls
    assert len(test_handler.effects("payment_settled", "T-again")) == 1


def test_a_renewal_invoice_costs_one_stripe_call_and_fewer_queries(
    client, stripe_fake, test_handler, django_assert_max_num_queries
):
    paid = stripe_fake.paid_checkout(
        kind="test", reference="R-cost", amount_total=Money("25.00", "USD"), fee=Money("1.03", "USD")
    )
    subscription = stripe_fake.put(
        stripe_fake.obj("subscription", metadata={"kind": "test", "reference": "R-cost"})
    )
    invoice = stripe_fake.put(
        stripe_fake.obj(
            "invoice",
            status="paid",
            amount_paid=2500,
            subtotal=2500,
            billing_reason="subscription_cycle",
            customer=subscription["customer"],
            parent={
                "type": "subscription_details",
                "subscription_details": {"subscription": subscription["id"], "metadata": {}},
            },
            metadata={"kind": "test", "reference": "R-cost"},
            payments={
                "object": "list",
                "data": [{"payment": {"type": "payment_intent", "payment_intent": paid["payment_intent"]}}],
            },
        )
    )
    stripe_fake.requests.clear()

    with django_assert_max_num_queries(RENEWAL_BUDGET):
        post_webhook(client, make_event("invoice.paid", invoice))

    assert len(stripe_fake.requests) == 1
    [settled] = test_handler.effects("payment_settled", "R-cost")
    assert (settled["fee"], settled["amount_total"], settled["recurring"]) == ("1.03", "25.00", True)


def test_a_failed_attempt_is_rolled_back_whole_and_each_retry_counts_once(client, stripe_fake, test_handler):
    session = _started_session(stripe_fake, "T-retry")
    event = make_event("checkout.session.completed", session)
    test_handler.fail_next("payment_settled", times=2)

    first, second = post_webhook(client, event), post_webhook(client, event)

    assert first.status_code == second.status_code == 500
    row = StripeEvent.objects.get(event_id=event["id"])
    assert (row.status, row.attempts) == (StripeEvent.Status.FAILED, 2)
    assert (row.kind, row.reference) == ("test", "T-retry")
    assert test_handler.effects() == []
    link = CheckoutLink.objects.get(session_id=session["id"])
    # Nothing the failed attempts did is kept: not the settlement claim, not the ids they noted.
    assert (link.settled_at, link.payment_intent_id) == (None, "")

    third = post_webhook(client, event)

    assert third.status_code == 200
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (StripeEvent.Status.PROCESSED, 3, "")
    assert [effect["fee"] for effect in test_handler.effects("payment_settled", "T-retry")] == ["1.46"]


# --- The HTTP client: the real stripe library against a local server ---------------------------------


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        return

    def do_GET(self):
        server = self.server
        server.seen.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "client": self.client_address,
            }
        )
        pi_id = self.path.split("?")[0].rsplit("/", 1)[1]
        body = json.dumps(
            {
                "id": pi_id,
                "object": "payment_intent",
                "latest_charge": {
                    "id": f"ch_{pi_id}",
                    "object": "charge",
                    "balance_transaction": {
                        "id": "txn_1",
                        "object": "balance_transaction",
                        "fee": 59,
                        "currency": "usd",
                    },
                },
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def local_stripe(stripe_keys):
    """A local HTTP server standing in for api.stripe.com; it records each request and its client port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stripe_keys.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_fee_reads_reuse_one_kept_alive_connection_to_stripe(local_stripe):
    first = reads.payment_intent_fee("pi_one")
    second = reads.payment_intent_fee("pi_two")

    assert first == (Money("0.59", "USD"), "ch_pi_one")
    assert second == (Money("0.59", "USD"), "ch_pi_two")
    assert [request["path"].split("?")[0] for request in local_stripe.seen] == [
        "/v1/payment_intents/pi_one",
        "/v1/payment_intents/pi_two",
    ]
    assert len({request["client"] for request in local_stripe.seen}) == 1  # one TCP connection


def test_a_changed_key_gets_a_client_of_its_own(local_stripe, stripe_keys):
    reads.payment_intent_fee("pi_old_key")
    stripe_keys.STRIPE_SECRET_KEY = "sk_test_rolled_0123456789"
    reads.payment_intent_fee("pi_new_key")

    assert [request["authorization"] for request in local_stripe.seen] == [
        f"Bearer {TEST_SECRET_KEY}",
        "Bearer sk_test_rolled_0123456789",
    ]


def test_credentials_in_a_netrc_file_never_replace_the_stripe_key(local_stripe, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login intruder password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))

    reads.payment_intent_fee("pi_netrc")

    assert local_stripe.seen[0]["authorization"] == f"Bearer {TEST_SECRET_KEY}"


def test_a_proxy_set_in_the_environment_is_still_used(local_stripe, stripe_keys, monkeypatch):
    """HTTPS_PROXY / HTTP_PROXY are read when the client is built: the request goes through the proxy."""
    proxy = stripe_keys.STRIPE_API_BASE
    stripe_keys.STRIPE_API_BASE = "http://api.stripe.invalid"
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    assert reads.payment_intent_fee("pi_proxied")[0] == Money("0.59", "USD")

    # A proxy receives the absolute address of the request.
    assert local_stripe.seen[0]["path"].startswith("http://api.stripe.invalid/v1/payment_intents/pi_proxied")


def test_a_replay_applies_an_event_ignored_on_arrival_but_a_redelivery_does_not(
    client, stripe_fake, test_handler, settings
):
    """Ignored because no handler took its kind yet: Stripe's redelivery is a duplicate, staff's replay applies it."""
    from payments.services import stripe_event_process

    handlers = settings.PAYMENTS_HANDLERS
    settings.PAYMENTS_HANDLERS = {}
    event = make_event("checkout.session.completed", _started_session(stripe_fake, "T-later"))
    assert post_webhook(client, event).json()["outcome"] == "ignored"
    settings.PAYMENTS_HANDLERS = handlers

    assert post_webhook(client, event).json()["outcome"] == "duplicate"
    assert test_handler.effects() == []

    assert stripe_event_process(event_id=event["id"]) == "processed"
    assert stripe_event_process(event_id=event["id"]) == "duplicate"
    row = StripeEvent.objects.get(event_id=event["id"])
    assert (row.status, row.attempts) == (StripeEvent.Status.PROCESSED, 2)
    assert [effect["fee"] for effect in test_handler.effects("payment_settled", "T-later")] == ["1.46"]
