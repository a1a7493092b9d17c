"""An error while Stripe keys are configured shows no secret: not on the public 500 page, not on
Django's technical error page or in the error email to ADMINS (which list frame variables)."""

import sys

import pytest
import stripe
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from payments import client as stripe_access
from tests.fixtures.stripe import TEST_SECRET_KEY, TEST_WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


class _Refusing(stripe.HTTPClient):
    name = "refusing"

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        authorization = headers["Authorization"]  # "Bearer sk_..." is a local of this frame
        raise RuntimeError(f"transport broke while sending {len(authorization)} header bytes")

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        return None


def _crash_inside_stripe(settings):
    stripe_access.set_transport(_Refusing())
    try:
        api_key = settings.STRIPE_SECRET_KEY  # noqa: F841 - a frame variable holding the key
        stripe_access.stripe_client().v1.refunds.create(params={"payment_intent": "pi_1"})
    except Exception:
        return sys.exc_info()
    finally:
        stripe_access.set_transport(None)
    raise AssertionError("the call should have failed")


@pytest.mark.parametrize("is_email", [False, True])
def test_the_technical_error_report_blanks_the_configured_secrets(stripe_keys, settings, is_email):
    exc_info = _crash_inside_stripe(settings)
    request = RequestFactory().post("/stripe/webhook/", {"note": f"sent with {TEST_WEBHOOK_SECRET}"})

    reporter = ExceptionReporter(request, *exc_info, is_email=is_email)
    html, text = reporter.get_traceback_html(), reporter.get_traceback_text()

    for report in (html, text):
        assert TEST_SECRET_KEY not in report
        assert TEST_WEBHOOK_SECRET not in report
        assert settings.SECRET_KEY not in report
    assert "transport broke" in text  # the report is still useful


def test_the_public_500_page_shows_no_secret(client, stripe_keys, settings, monkeypatch):
    from shop import views

    settings.DEBUG = False

    def crash(*args, **kwargs):
        raise stripe.AuthenticationError(f"Invalid API Key provided: {TEST_SECRET_KEY}")

    monkeypatch.setattr(views.selectors, "cart_for_session", crash)
    client.raise_request_exception = False

    response = client.get("/shop/cart/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert TEST_SECRET_KEY not in body
    assert TEST_WEBHOOK_SECRET not in body
