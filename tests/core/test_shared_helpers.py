"""The shared helpers every app relies on: client address, throttles, anti-bot tokens, safe exports."""

import time

import pytest
from django import forms
from django.test import RequestFactory

from core import antibot
from core.client_ip import client_ip
from core.export import safe_cell
from core.throttle import throttled_by_ip, throttled_by_value


def _request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="6.6.6.6")) == "10.0.0.1"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A client may forge the left part of the header; the proxy appends what it really saw.
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.7, 10.1.1.1")) == "203.0.113.7"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="203.0.113.7")) == "10.0.0.1"


def test_behind_a_proxy_each_client_has_its_own_throttle_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    clients = [f"198.51.100.{n}" for n in range(1, 21)]
    for address in clients:
        request = _request(remote="10.0.0.254", forwarded=address)
        assert throttled_by_ip(request, group="t", rate="2/m") is False
        assert throttled_by_ip(request, group="t", rate="2/m") is False
    # The third attempt of one client is refused; a new client behind the same proxy is not.
    assert throttled_by_ip(_request(remote="10.0.0.254", forwarded=clients[0]), group="t", rate="2/m")
    assert not throttled_by_ip(
        _request(remote="10.0.0.254", forwarded="198.51.100.99"), group="t", rate="2/m"
    )


def test_value_throttle_ignores_case_and_never_throttles_an_empty_value():
    request = _request()
    assert not throttled_by_value(request, group="e", rate="1/m", value="Ana@Example.org")
    assert throttled_by_value(request, group="e", rate="1/m", value="ana@example.org ")
    assert not throttled_by_value(request, group="e", rate="1/m", value="")
    assert not throttled_by_value(request, group="e", rate="1/m", value="")


class _AskForm(antibot.HumanCheckMixin):
    min_seconds_setting = "ANTIBOT_MIN_SECONDS"
    name = forms.CharField()


class _OtherForm(antibot.HumanCheckMixin):
    name = forms.CharField()


def _data(form_class, **extra):
    return {
        "name": "Ana",
        "website": "",
        "started": form_class.human_check_token(issued_at=time.time() - 60),
        **extra,
    }


def test_a_person_passes_and_the_check_fields_are_not_in_the_cleaned_data():
    form = _AskForm(_data(_AskForm))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Ana"}


def test_a_filled_honeypot_is_refused():
    form = _AskForm(_data(_AskForm, website="http://spam.example"))
    assert not form.is_valid()
    assert antibot.REFUSED_MESSAGE in form.non_field_errors()


def test_a_form_sent_faster_than_a_person_could_is_refused(settings):
    settings.ANTIBOT_MIN_SECONDS = 5
    form = _AskForm(_data(_AskForm, started=_AskForm.human_check_token()))
    assert not form.is_valid()
    assert antibot.TOO_FAST_MESSAGE in form.non_field_errors()


@pytest.mark.parametrize(
    "token",
    [
        "",
        "forged",
        _AskForm.human_check_token(issued_at=time.time() - 2 * 86400),
        _OtherForm.human_check_token(issued_at=time.time() - 60),
    ],
    ids=["missing", "forged", "stale", "other-form"],
)
def test_a_missing_forged_stale_or_foreign_token_is_refused_and_a_fresh_one_offered(token):
    form = _AskForm(_data(_AskForm, started=token))
    assert not form.is_valid()
    assert antibot.EXPIRED_MESSAGE in form.non_field_errors()
    fresh = form.data["started"]
    assert fresh != token
    assert _AskForm(_data(_AskForm, started=fresh)).errors.get("__all__") != [antibot.EXPIRED_MESSAGE]


def _session_request(session_key: str | None):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    request = RequestFactory().post("/")
    request.session = SessionStore(session_key=session_key)
    return request


def test_a_token_is_single_use_and_a_replay_is_refused_with_a_clear_message():
    data = _data(_AskForm)
    first = _AskForm(data)
    assert first.is_valid(), first.errors

    replay = _AskForm(data)

    assert not replay.is_valid()
    assert replay.non_field_errors() == [antibot.REPLAYED_MESSAGE]
    offered = replay.data["started"]  # the re-rendered form carries a new token a person can send
    assert offered != data["started"]
    assert _AskForm({**data, "started": offered}).is_valid()


def test_a_form_invalid_for_another_reason_is_re_rendered_with_a_token_that_still_works():
    data = _data(_AskForm, name="")
    form = _AskForm(data)
    assert not form.is_valid()
    assert "name" in form.errors

    corrected = _AskForm({**data, "name": "Ana", "started": form.data["started"]})

    assert corrected.is_valid(), corrected.errors


def test_a_token_issued_to_a_session_is_refused_in_another_session():
    token = _AskForm.human_check_token(issued_at=time.time() - 60, session_key="a" * 32)

    other = _AskForm(_data(_AskForm, started=token), request=_session_request("b" * 32))
    no_session = _AskForm(_data(_AskForm, started=token), request=_session_request(None))
    same = _AskForm(_data(_AskForm, started=token), request=_session_request("a" * 32))

    assert other.non_field_errors() == [antibot.OTHER_SESSION_MESSAGE]
    assert no_session.non_field_errors() == [antibot.OTHER_SESSION_MESSAGE]
    assert same.is_valid(), same.errors


def test_the_session_key_never_appears_in_the_token():
    form = _AskForm(request=_session_request("secretsessionkey0123456789abcdef"))
    token = form["started"].value()

    assert "secretsessionkey" not in antibot.signing.b64_decode(token.split(":")[0].encode()).decode(
        errors="ignore"
    )
    assert antibot.read_token(token, purpose=_AskForm.human_check_purpose())["s"]


def test_without_a_session_the_token_is_unbound_and_no_session_is_created():
    request = _session_request(None)
    form = _AskForm(request=request)
    token = form["started"].value()

    assert "s" not in antibot.read_token(token, purpose=_AskForm.human_check_purpose())
    assert request.session.session_key is None


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_written_as_text(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_values_are_written_as_they_are():
    from decimal import Decimal

    assert safe_cell("Ana") == "Ana"
    assert safe_cell(Decimal("-12.50")) == "-12.50"
    assert safe_cell(None) == ""
