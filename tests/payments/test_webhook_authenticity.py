"""STRIPE_SCENARIOS.md "Webhook authenticity": only verified, fresh events are stored and applied."""

import json
import logging
import time

import pytest
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payments.models import StripeEvent
from tests.fixtures.stripe import TEST_WEBHOOK_SECRET, make_event, post_webhook, sign_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_event(stripe_fake, test_handler):
    session = stripe_fake.paid_checkout(
        kind="test",
        reference="T-1",
        amount_total=Money("25.00", "USD"),
        fee=Money("1.03", "USD"),
        customer_email="private.person@example.org",
    )
    return make_event("checkout.session.completed", session)


def test_a_valid_signed_event_is_accepted_and_processed_once(client, paid_event, test_handler):
    response = post_webhook(client, paid_event)

    assert response.status_code == 200
    row = StripeEvent.objects.get(event_id=paid_event["id"])
    assert row.status == StripeEvent.Status.PROCESSED
    assert (row.kind, row.reference) == ("test", "T-1")
    [settled] = test_handler.effects("payment_settled")
    assert settled["amount_total"] == "25.00"
    assert settled["fee"] == "1.03"


def _assert_refused(response, caplog, test_handler):
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert test_handler.effects() == []
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings, "a refused webhook is logged as a warning"
    logged = " ".join(record.getMessage() for record in warnings)
    assert "private.person@example.org" not in logged
    assert "Dana Donor" not in logged
    assert TEST_WEBHOOK_SECRET not in logged


def test_a_payload_signed_with_the_wrong_secret_is_refused(client, paid_event, test_handler, caplog):
    response = post_webhook(client, paid_event, secret="whsec_someone_else")
    _assert_refused(response, caplog, test_handler)


def test_a_tampered_body_is_refused(client, paid_event, test_handler, caplog):
    body = json.dumps(paid_event)
    header = sign_payload(body)
    tampered = body.replace('"amount_total": 2500', '"amount_total": 1')
    assert tampered != body

    response = post_webhook(client, tampered, header=header)

    _assert_refused(response, caplog, test_handler)


def test_a_header_with_only_a_v0_signature_is_refused(client, paid_event, test_handler, caplog):
    body = json.dumps(paid_event)
    response = post_webhook(client, body, header=sign_payload(body, scheme="v0"))
    _assert_refused(response, caplog, test_handler)


def test_a_missing_signature_header_is_refused(client, paid_event, test_handler, caplog):
    response = post_webhook(client, paid_event, header=None)
    _assert_refused(response, caplog, test_handler)


def test_a_garbled_signature_header_is_refused(client, paid_event, test_handler, caplog):
    response = post_webhook(client, paid_event, header="t=notanumber,v1=zzz")
    _assert_refused(response, caplog, test_handler)


def test_without_a_configured_webhook_secret_every_delivery_is_refused(
    client, paid_event, test_handler, caplog, settings
):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_webhook(client, paid_event)
    _assert_refused(response, caplog, test_handler)


def test_a_signature_older_than_the_tolerance_is_refused(client, paid_event, test_handler, caplog):
    response = post_webhook(client, paid_event, timestamp=int(time.time()) - 301)
    _assert_refused(response, caplog, test_handler)


def test_a_signature_just_inside_the_tolerance_is_accepted(client, paid_event, test_handler):
    response = post_webhook(client, paid_event, timestamp=int(time.time()) - 250)
    assert response.status_code == 200


def test_a_signature_from_the_future_beyond_the_tolerance_is_refused(
    client, paid_event, test_handler, caplog
):
    response = post_webhook(client, paid_event, timestamp=int(time.time()) + 301)
    _assert_refused(response, caplog, test_handler)


def test_during_a_secret_roll_the_valid_one_of_two_v1_signatures_is_accepted(
    client, paid_event, test_handler
):
    body = json.dumps(paid_event)
    timestamp = int(time.time())
    old = sign_payload(body, "whsec_old_secret_being_rolled", timestamp).split(",")[1]
    current = sign_payload(body, TEST_WEBHOOK_SECRET, timestamp).split(",")[1]

    response = post_webhook(client, body, header=f"t={timestamp},{old},{current}")

    assert response.status_code == 200
    assert len(test_handler.effects("payment_settled")) == 1


def test_a_signed_body_that_is_not_json_is_refused(client, stripe_keys, test_handler, caplog):
    response = post_webhook(client, "not json at all")
    _assert_refused(response, caplog, test_handler)


def test_a_signed_body_that_is_not_utf8_is_refused(client, stripe_keys, test_handler, caplog):
    body = b"\xff\xfe{}"
    header = f"t={int(time.time())},v1={'0' * 64}"
    response = client.post(
        "/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    _assert_refused(response, caplog, test_handler)


def test_a_signed_json_body_that_is_not_an_event_is_refused(client, stripe_keys, test_handler, caplog):
    response = post_webhook(client, json.dumps({"object": "event", "hello": "world"}))
    _assert_refused(response, caplog, test_handler)


def test_the_webhook_answers_only_post(client, stripe_keys):
    assert client.get("/stripe/webhook/").status_code == 405


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300), header=st.one_of(st.none(), st.text(max_size=120)))
def test_hostile_bodies_and_headers_are_refused_and_nothing_is_stored(
    client, stripe_keys, test_handler, body, header
):
    extra = {} if header is None else {"HTTP_STRIPE_SIGNATURE": header}
    response = client.post("/stripe/webhook/", data=body, content_type="application/json", **extra)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_an_event_from_another_api_version_is_accepted_with_a_warning(
    client, paid_event, test_handler, caplog
):
    paid_event["api_version"] = "2020-08-27"

    response = post_webhook(client, paid_event)

    assert response.status_code == 200
    assert "not the pinned" in caplog.text


def _all_views():
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    return list(walk(get_resolver().url_patterns))


def test_the_webhook_is_the_only_csrf_exempt_view_of_the_project():
    """Views started from shared cached pages trade the token for Origin / Sec-Fetch-Site checks
    (core.csrf.same_origin_required); nothing else but the signed webhook goes without."""
    project = ("cms", "shop", "donations", "community", "payments", "ledger", "config")
    exempt = [
        route
        for route, view in _all_views()
        if getattr(view, "csrf_exempt", False)
        and not getattr(view, "same_origin_guarded", False)
        and view.__module__.split(".")[0] in project
    ]
    assert exempt == ["stripe/webhook/"]
