"""GET /api/impact/: aggregated fund figures only, cached, hostile parameters refused cleanly."""

import json

import pytest
from django.urls import reverse
from djmoney.money import Money

from ledger import services
from ledger.models import Fund
from ledger.types import Channel, RevenueLine, RuleTarget

pytestmark = pytest.mark.django_db

URL = "/api/impact/"


def give(source, amount, fund="counseling", *, when, **kwargs):
    return services.payment_post(
        source=source,
        occurred_at=when,
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=Money(amount, "USD"), target=RuleTarget.DESIGNATION, key=fund)],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
        **kwargs,
    )


def funds_by_slug(response):
    return {fund["slug"]: fund for fund in response.json()["funds"]}


def test_the_url_is_named_and_public(client):
    assert reverse("ledger_impact_api") == URL
    assert client.get(URL).status_code == 200


def test_lists_public_funds_with_settled_totals_and_impact_units(
    client, ledger_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        give("donation:1", "150.00", when=ledger_now, memo="In memory of Jane Doe, 12 Elm St")
        give("donation:2", "75.00", when=ledger_now)
    funds = funds_by_slug(client.get(URL))
    assert funds["counseling"] == {
        "slug": "counseling",
        "name": "Counseling",
        "total": {"amount": "225.00", "currency": "USD"},
        "impact": {
            "units": "3.0",
            "unit_label": "counseling session",
            "text": "3 counseling sessions",
            "unit_cost": {"amount": "75.00", "currency": "USD"},
        },
    }
    assert funds["materials"]["impact"] is None
    assert "operations" not in funds  # not a public fund
    assert "stripe-balance" not in funds  # system accounts never appear


def test_totals_are_net_of_refunds(client, ledger_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        give("donation:1", "150.00", when=ledger_now)
        services.reversal_post(
            source="donation:1", kind="refund:re_1", amount=Money("75.00", "USD"), occurred_at=ledger_now
        )
    assert funds_by_slug(client.get(URL))["counseling"]["total"]["amount"] == "75.00"


def test_the_response_never_carries_personal_data(client, ledger_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        give("donation:jane.doe@example.com", "50.00", when=ledger_now, memo="Jane Doe", tags=("donor:jane",))
    body = client.get(URL).content.decode()
    for secret in ("jane", "Jane", "example.com", "donation:", "donor"):
        assert secret not in body
    keys = {key for fund in json.loads(body)["funds"] for key in fund}
    assert keys == {"slug", "name", "total", "impact"}


def test_responses_are_publicly_cacheable_for_a_short_time(client, settings):
    settings.LEDGER_IMPACT_MAX_AGE = 45
    response = client.get(URL)
    assert "public" in response["Cache-Control"]
    assert "max-age=45" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_figures_are_served_from_the_cache_until_a_posting_clears_it(
    client, ledger_now, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get(URL)
    with django_assert_num_queries(0):
        cached = client.get(URL)
    assert cached.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        give("donation:3", "75.00", when=ledger_now)
    assert funds_by_slug(client.get(URL))["counseling"]["total"]["amount"] == "75.00"


def test_a_fund_edit_in_the_admin_clears_the_cache(client, admin_client, django_capture_on_commit_callbacks):
    client.get(URL)
    counseling = Fund.objects.get(slug="counseling")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("ledger_funds:edit", args=[counseling.pk]),
            {
                "name": "Trauma counseling",
                "slug": "counseling",
                "kind": "fund",
                "sort_order": "20",
                "restricted": "on",
                "public": "on",
                "impact_unit_label": "counseling session",
                "impact_unit_cost_0": "75.00",
                "impact_unit_cost_1": "USD",
            },
        )
    assert response.status_code == 302
    assert funds_by_slug(client.get(URL))["counseling"]["name"] == "Trauma counseling"


def test_one_fund_can_be_asked_for(client):
    response = client.get(URL, {"fund": "counseling,survivor-wages"})
    assert [fund["slug"] for fund in response.json()["funds"]] == ["survivor-wages", "counseling"]


@pytest.mark.parametrize(
    "params",
    [
        {"fund": "<script>alert(1)</script>"},
        {"fund": "Counseling"},
        {"fund": "x" * 500},
        {"fund": "operations"},  # exists but is not public
        {"fund": "no-such-fund"},
        {"fund": ",".join(f"f{i}" for i in range(50))},
        {"fund": "counseling' OR 1=1 --"},
    ],
)
def test_hostile_fund_parameters_get_a_json_400(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"error"}
    assert "<script>" not in response.content.decode()


def test_unknown_parameters_are_ignored(client):
    assert client.get(URL, {"page": "-1", "format": "xml", "callback": "evil"}).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get_and_head_are_allowed(client, method):
    assert getattr(client, method)(URL).status_code == 405
