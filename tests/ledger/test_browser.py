"""In a real browser: Finance signs in, reads the fund report with its chart, and downloads the CSV."""

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.utils import timezone
from djmoney.money import Money

from ledger import services
from ledger.types import Channel, RevenueLine, RuleTarget

SERIOUS = ("serious", "critical")
PASSWORD = "a-finance-password-42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def finance_user(django_user_model):
    user = django_user_model.objects.create_user(username="fiona", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Finance"))
    return user


@pytest.fixture
def books(shop_default_rule):
    when = timezone.now() - dt.timedelta(days=2)
    services.payment_post(
        source="order:B-1",
        occurred_at=when,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=Money("100.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
        shipping=Money("5.00", "USD"),
        tax=Money("8.00", "USD"),
        fee=Money("3.20", "USD"),
    )


def test_finance_reads_the_fund_report_and_downloads_the_csv(page, finance_user, books):
    csp_messages = []
    page.on("console", lambda m: csp_messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "fiona")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/admin/finance/report/")
    assert page.locator("svg[role=img] rect").count() >= 1
    assert page.get_by_role("cell", name="Survivor wages").first.is_visible()
    assert page.get_by_role("cell", name="$45.00").first.is_visible()

    results = Axe().run(page, context="main")
    violations = [item for item in results.response["violations"] if item["impact"] in SERIOUS]
    assert violations == [], results.generate_report()
    assert csp_messages == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("period_start,fund_slug,fund,channel,currency,received,fees,net,units,unit")
    assert "survivor-wages,Survivor wages,all,USD,45.00,0.00,45.00,2.5,hour of survivor wages" in text
