"""STRIPE_SCENARIOS.md "Configuration": keys read at call time, half-configured keys fail checks, no secrets leak."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import stripe
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from djmoney.money import Money

from payments.checks import demo_gateway_deploy_check, stripe_settings_check
from payments.client import stripe_client, stripe_configured
from payments.exceptions import PaymentsError
from payments.services import refund_create
from tests.fixtures.stripe import TEST_SECRET_KEY, TEST_WEBHOOK_SECRET, make_event, post_webhook

ROOT = Path(__file__).resolve().parent.parent.parent


def _ids(errors):
    return {error.id for error in errors}


@pytest.mark.parametrize(
    ("secret", "webhook", "publishable", "expected"),
    [
        ("sk_test_abc", "", "", {"payments.E001"}),
        ("", "whsec_abc", "", {"payments.E002"}),
        ("", "", "pk_test_abc", {"payments.E003"}),
        ("pk_test_abc", "whsec_abc", "", {"payments.E004"}),
        ("sk_test_abc", "not-a-secret", "", {"payments.E005"}),
        ("sk_live_abc", "whsec_abc", "pk_test_abc", {"payments.E007"}),
    ],
)
def test_half_or_wrongly_configured_keys_are_errors(settings, secret, webhook, publishable, expected):
    settings.STRIPE_SECRET_KEY = secret
    settings.STRIPE_WEBHOOK_SECRET = webhook
    settings.STRIPE_PUBLISHABLE_KEY = publishable

    errors = stripe_settings_check()

    assert expected <= _ids(errors)
    rendered = " ".join(f"{error.msg} {error.hint}" for error in errors)
    for value in (secret, webhook, publishable):
        if value:
            assert value not in rendered


def test_complete_or_empty_configuration_passes(settings):
    assert stripe_settings_check() == []
    settings.STRIPE_SECRET_KEY = "sk_test_abc"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    assert stripe_settings_check() == []


def test_manage_py_check_fails_on_half_configured_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_only_half"
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    assert "payments.E001" in str(raised.value)
    assert "sk_test_only_half" not in str(raised.value)


def test_manage_py_check_in_a_fresh_process_fails_on_half_configured_keys():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DJANGO_SETTINGS"))}
    env["STRIPE_WEBHOOK_SECRET"] = "whsec_orphan_secret_value"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=config.settings.local"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "payments.E002" in result.stderr
    assert "whsec_orphan_secret_value" not in result.stdout + result.stderr


def test_demo_gateway_enabled_without_keys_is_a_deploy_warning(settings):
    settings.PAYMENTS_DEMO = True
    assert _ids(demo_gateway_deploy_check()) == {"payments.W001"}
    settings.PAYMENTS_DEMO = False
    assert demo_gateway_deploy_check() == []


def test_the_client_reads_keys_version_and_api_base_when_called(stripe_fake, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_changed_after_import"
    settings.STRIPE_API_BASE = "http://localhost:12111"

    with pytest.raises(stripe.InvalidRequestError):  # the fake answers 404; the request is what matters
        stripe_client().v1.customers.retrieve("cus_x")

    [request] = stripe_fake.requests
    assert request.base == "http://localhost:12111"
    assert request.headers["Authorization"] == "Bearer sk_test_changed_after_import"
    assert request.headers["Stripe-Version"] == settings.STRIPE_API_VERSION


def test_without_a_secret_key_payments_are_not_configured(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert stripe_configured() is False


def test_transient_stripe_errors_are_retried_up_to_max_network_retries(stripe_fake, settings, test_handler):
    settings.STRIPE_MAX_NETWORK_RETRIES = 1
    stripe_fake.put(stripe_fake.obj("customer", id="cus_retry"))
    stripe_fake.fail("GET", "/v1/customers/cus_retry", "server_error", times=1)

    customer = stripe_client().v1.customers.retrieve("cus_retry")

    assert customer.id == "cus_retry"
    assert len(stripe_fake.calls("GET", "/v1/customers/cus_retry")) == 2


@pytest.mark.django_db
def test_no_secret_key_webhook_secret_or_card_data_in_logs_or_responses(
    client, stripe_fake, test_handler, caplog
):
    caplog.set_level(logging.DEBUG)
    session = stripe_fake.paid_checkout(kind="test", reference="T-500", amount_total=Money("20.00", "USD"))
    charge_id = stripe_fake.objects[session["payment_intent"]]["latest_charge"]
    charge = stripe_fake.objects[charge_id]
    charge["payment_method_details"] = {
        "type": "card",
        "card": {"brand": "visa", "last4": "4242", "exp_year": 2031},
    }
    test_handler.fail_next("payment_settled")
    responses = [
        post_webhook(client, make_event("checkout.session.completed", session)),
        post_webhook(client, make_event("checkout.session.completed", session), secret="whsec_wrong"),
        post_webhook(client, make_event("charge.refunded", charge)),
    ]
    stripe_fake.fail("POST", "/v1/refunds", "card_declined")
    with pytest.raises(PaymentsError):
        refund_create(kind="test", reference="T-500", amount=None, idempotency_key="x")

    exposed = caplog.text + "".join(response.content.decode() for response in responses)
    assert TEST_SECRET_KEY not in exposed
    assert TEST_WEBHOOK_SECRET not in exposed
    assert "4242" not in exposed
    assert "donor@example.org" not in exposed
