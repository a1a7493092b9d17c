"""The Finance admin: who sees it, the fund report and its CSV, funds and rule editing."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from djmoney.money import Money

from ledger import services
from ledger.models import AllocationRule, Fund, Posting
from ledger.types import Channel, RevenueLine, RuleTarget
from tests.fixtures.ledger_factories import fund, rule_create

pytestmark = pytest.mark.django_db

LEDGER_URLS = [
    "fund_report:index",
    "fund_report:csv",
    "ledger_funds:index",
    "ledger_funds:add",
    "ledger_rules:index",
    "ledger_rules:add",
    "ledger_postings:index",
]


def staff_user(django_user_model, group_name, username=None):
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = django_user_model.objects.create_user(
        username=username or group_name.lower().replace(" ", "-"), password="pw"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def finance_client(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Finance"))
    return client


@pytest.fixture
def booked(shop_default_rule, ledger_now):
    services.payment_post(
        source="order:HW-7",
        occurred_at=ledger_now,
        channel=Channel.SHOP,
        revenue=[RevenueLine(amount=Money("100.00", "USD"), target=RuleTarget.PRODUCT, key="1")],
        shipping=Money("5.00", "USD"),
        tax=Money("7.00", "USD"),
        fee=Money("3.00", "USD"),
    )
    services.payment_post(
        source="donation:D-9",
        occurred_at=ledger_now + dt.timedelta(days=40),
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=Money("75.00", "USD"), target=RuleTarget.DESIGNATION, key="counseling")],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
    )


def test_the_finance_group_exists_with_the_report_permission_from_the_migration():
    finance = Group.objects.get(name="Finance")
    codenames = set(finance.permissions.values_list("codename", flat=True))
    assert {
        "view_fund_report",
        "change_fund",
        "add_allocationrule",
        "view_posting",
        "access_admin",
    } <= codenames
    assert "change_posting" not in codenames
    assert "delete_entry" not in codenames


@pytest.mark.parametrize("url_name", LEDGER_URLS)
def test_finance_sees_every_ledger_screen(finance_client, url_name):
    assert finance_client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("group_name", ["Editors", "Shop managers", "Development"])
@pytest.mark.parametrize("url_name", LEDGER_URLS)
def test_other_staff_groups_cannot_open_ledger_screens(client, django_user_model, group_name, url_name):
    client.force_login(staff_user(django_user_model, group_name))
    response = client.get(reverse(url_name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/finance/" not in response["Location"]


@pytest.mark.parametrize("group_name", ["Editors", "Shop managers", "Development"])
def test_other_staff_groups_do_not_see_the_finance_menu(client, django_user_model, group_name):
    client.force_login(staff_user(django_user_model, group_name))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Fund report" not in response.content.decode()
    assert reverse("ledger_funds:index") not in response.content.decode()


def test_finance_sees_the_finance_menu(finance_client):
    content = finance_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Finance" in content
    assert "Fund report" in content


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("fund_report:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_report_shows_totals_units_and_a_chart(finance_client, booked):
    response = finance_client.get(
        reverse("fund_report:index"), {"start": "2026-06-01", "end": "2026-07-31", "period": "month"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert "Survivor wages" in content
    assert "$45.00" in content  # 45 % of the sale
    assert "2.5 hours of survivor wages" in content
    assert "$75.00" in content  # the counseling gift in July
    assert "$5.00" not in content.split("<tbody>")[1]  # shipping is not fund money
    assert "<script" not in content.split('id="main"')[-1].split("</main>")[0]


def test_the_report_filters_by_channel_and_breaks_down_by_channel(finance_client, booked):
    response = finance_client.get(
        reverse("fund_report:index"),
        {"start": "2026-06-01", "end": "2026-07-31", "period": "year", "channel": "donations"},
    )
    table = response.content.decode().split("<tbody>")[1]
    assert "Counseling" in table
    assert "Survivor wages" not in table


def test_an_empty_range_shows_an_empty_state(finance_client, booked):
    response = finance_client.get(reverse("fund_report:index"), {"start": "2020-01-01", "end": "2020-01-31"})
    assert "No settled money in this range yet" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-07-01", "end": "2026-06-01"},
        {"start": "not-a-date"},
        {"period": "fortnight"},
        {"start": "2020-01-01", "end": "2026-01-01", "period": "day"},
    ],
)
def test_hostile_report_filters_get_a_message_not_an_error(finance_client, params):
    response = finance_client.get(reverse("fund_report:index"), params)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content or 'class="error-message"' in content
    assert "<tbody>" not in content


def test_a_valid_report_request_shows_no_error(finance_client, booked):
    content = finance_client.get(reverse("fund_report:index"), {"start": "2026-06-01"}).content.decode()
    assert 'role="alert"' not in content
    assert 'class="error-message"' not in content


def test_the_csv_export_streams_the_report_rows(finance_client, booked):
    response = finance_client.get(
        reverse("fund_report:csv"),
        {"start": "2026-06-01", "end": "2026-07-31", "period": "month", "by_channel": "on"},
    )
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    wages = next(row for row in rows if row["fund_slug"] == "survivor-wages")
    assert (wages["period_start"], wages["channel"], wages["received"], wages["units"]) == (
        "2026-06-01",
        "shop",
        "45.00",
        "2.5",
    )
    operations = next(row for row in rows if row["fund_slug"] == "operations")
    assert (operations["received"], operations["fees"], operations["net"]) == ("35.00", "3.00", "32.00")


def test_the_csv_export_defuses_spreadsheet_formulas(finance_client, booked):
    Fund.objects.filter(slug="counseling").update(name='=HYPERLINK("http://evil")')
    response = finance_client.get(reverse("fund_report:csv"), {"start": "2026-06-01", "end": "2026-07-31"})
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_finance_edits_a_funds_impact_unit(finance_client):
    counseling = fund("counseling")
    response = finance_client.post(
        reverse("ledger_funds:edit", args=[counseling.pk]),
        {
            "name": "Counseling",
            "slug": "counseling",
            "kind": "fund",
            "sort_order": "20",
            "restricted": "on",
            "public": "on",
            "description": "",
            "impact_unit_label": "counseling session",
            "impact_unit_cost_0": "80.00",
            "impact_unit_cost_1": "USD",
        },
    )
    assert response.status_code == 302
    counseling.refresh_from_db()
    assert counseling.impact_unit_cost == Money("80.00", "USD")


def test_a_fund_needs_both_unit_label_and_cost(finance_client):
    counseling = fund("counseling")
    response = finance_client.post(
        reverse("ledger_funds:edit", args=[counseling.pk]),
        {
            "name": "Counseling",
            "slug": "counseling",
            "kind": "fund",
            "sort_order": "20",
            "impact_unit_label": "counseling session",
            "impact_unit_cost_0": "",
            "impact_unit_cost_1": "USD",
        },
    )
    assert response.status_code == 200
    assert "Give both an impact unit label and its cost" in response.content.decode()


def rule_post_data(**overrides):
    data = {
        "name": "Shop default 2027",
        "target": "default",
        "key": "shop",
        "effective_from": "2027-01-01",
        "remainder_fund": str(fund("operations").pk),
        "fee_fund": "",
        "notes": "",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "1000",
        "shares-0-fund": str(fund("survivor-wages").pk),
        "shares-0-basis": "percentage",
        "shares-0-percentage": "50",
        "shares-0-amount_0": "",
        "shares-0-amount_1": "USD",
        "shares-0-ORDER": "1",
        "shares-0-DELETE": "",
        "shares-0-id": "",
        "shares-1-fund": str(fund("materials").pk),
        "shares-1-basis": "percentage",
        "shares-1-percentage": "30",
        "shares-1-amount_0": "",
        "shares-1-amount_1": "USD",
        "shares-1-ORDER": "2",
        "shares-1-DELETE": "",
        "shares-1-id": "",
    }
    data.update(overrides)
    return data


def test_finance_creates_a_rule_with_inline_shares(finance_client):
    response = finance_client.post(reverse("ledger_rules:add"), rule_post_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = AllocationRule.objects.get(name="Shop default 2027")
    assert sorted(rule.shares.values_list("percentage", flat=True)) == [Decimal(30), Decimal(50)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"shares-1-percentage": "60"}, "add up to 110"),
        ({"shares-0-percentage": "-5"}, "greater than or equal to 0"),
        ({"remainder_fund": ""}, "This field is required"),
        ({"key": "everything"}, "key is a channel"),
        ({"shares-0-basis": "per_unit", "shares-0-percentage": ""}, "needs an amount"),
    ],
)
def test_invalid_rules_are_refused_with_an_explanation(finance_client, overrides, message):
    response = finance_client.post(reverse("ledger_rules:add"), rule_post_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AllocationRule.objects.filter(name="Shop default 2027").exists()


def test_a_rule_version_used_by_postings_cannot_be_edited(finance_client, booked, shop_default_rule):
    data = rule_post_data(**{"name": "Changed", "effective_from": "2020-01-01", "shares-TOTAL_FORMS": "0"})
    response = finance_client.post(reverse("ledger_rules:edit", args=[shop_default_rule.pk]), data)
    assert response.status_code == 200
    assert "cannot change" in response.content.decode()
    shop_default_rule.refresh_from_db()
    assert shop_default_rule.name != "Changed"


def test_postings_are_listed_searchable_and_read_only(finance_client, booked):
    index = finance_client.get(reverse("ledger_postings:index"), {"q": "HW-7"})
    content = index.content.decode()
    assert "order:HW-7" in content
    assert "donation:D-9" not in content
    posting = Posting.objects.get(source="order:HW-7")
    inspect = finance_client.get(reverse("ledger_postings:inspect", args=[posting.pk]))
    assert "Survivor wages" in inspect.content.decode()
    assert finance_client.get(reverse("ledger_postings:edit", args=[posting.pk])).status_code in (302, 403)
    assert finance_client.get(reverse("ledger_postings:delete", args=[posting.pk])).status_code in (302, 403)
    assert finance_client.post(reverse("ledger_postings:delete", args=[posting.pk])).status_code in (302, 403)
    assert Posting.objects.filter(pk=posting.pk).exists()


def test_postings_filter_by_channel(finance_client, booked):
    content = finance_client.get(reverse("ledger_postings:index"), {"channel": "donations"}).content.decode()
    assert "donation:D-9" in content
    assert "order:HW-7" not in content


def fund_post_data(fund_obj, **overrides):
    data = {
        "name": fund_obj.name,
        "slug": fund_obj.slug,
        "kind": fund_obj.kind,
        "sort_order": str(fund_obj.sort_order),
        "public": "on" if fund_obj.public else "",
        "impact_unit_label": fund_obj.impact_unit_label,
        "impact_unit_cost_0": str(fund_obj.impact_unit_cost.amount) if fund_obj.impact_unit_cost else "",
        "impact_unit_cost_1": "USD",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("slug", ["operations", "stripe-balance"])
def test_accounts_the_books_post_to_cannot_be_renamed(finance_client, slug):
    account = fund(slug)
    response = finance_client.post(
        reverse("ledger_funds:edit", args=[account.pk]), fund_post_data(account, slug="ops")
    )
    assert response.status_code == 200
    assert "its slug cannot change" in response.content.decode()
    assert Fund.objects.filter(slug=slug).exists()


def test_a_fund_with_money_booked_cannot_be_renamed_or_turned_into_a_system_account(finance_client, booked):
    counseling = fund("counseling")
    response = finance_client.post(
        reverse("ledger_funds:edit", args=[counseling.pk]),
        fund_post_data(counseling, slug="therapy", kind="system"),
    )
    content = response.content.decode()
    assert "its slug cannot change" in content
    assert "cannot switch between fund and system" in content


def test_finance_adds_a_new_fund(finance_client):
    response = finance_client.post(
        reverse("ledger_funds:add"),
        {
            "name": "Education",
            "slug": "education",
            "kind": "fund",
            "sort_order": "70",
            "public": "on",
            "impact_unit_label": "school term",
            "impact_unit_cost_0": "300.00",
            "impact_unit_cost_1": "USD",
        },
    )
    assert response.status_code == 302
    assert Fund.objects.get(slug="education").impact_unit_cost == Money("300.00", "USD")


@pytest.mark.parametrize("slug", ["Education Fund", "../x", "edu--cation"])
def test_fund_slugs_are_validated(finance_client, slug):
    response = finance_client.post(
        reverse("ledger_funds:add"), {"name": "Education", "slug": slug, "kind": "fund", "sort_order": "70"}
    )
    assert response.status_code == 200
    assert not Fund.objects.filter(name="Education").exists()


def test_a_rule_version_used_by_postings_cannot_be_deleted(finance_client, booked, shop_default_rule):
    url = reverse("ledger_rules:delete", args=[shop_default_rule.pk])
    for response in (finance_client.get(url, follow=True), finance_client.post(url, follow=True)):
        assert response.status_code == 200
        assert "cannot be deleted" in response.content.decode()
    assert AllocationRule.objects.filter(pk=shop_default_rule.pk).exists()


def test_an_unused_rule_can_be_deleted(finance_client):
    rule = rule_create(target="box", key="12", remainder="materials")
    response = finance_client.post(reverse("ledger_rules:delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not AllocationRule.objects.filter(pk=rule.pk).exists()


@pytest.mark.parametrize("slug", ["operations", "stripe-balance", "survivor-wages"])
def test_accounts_in_use_cannot_be_deleted(finance_client, booked, slug):
    account = fund(slug)
    response = finance_client.post(reverse("ledger_funds:delete", args=[account.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Fund.objects.filter(slug=slug).exists()


def test_a_fund_named_by_a_rule_cannot_be_deleted(finance_client):
    education = Fund.objects.create(slug="education", name="Education")
    rule_create(target="box", key="3", remainder="education")
    response = finance_client.post(reverse("ledger_funds:delete", args=[education.pk]), follow=True)
    assert response.status_code == 200
    assert Fund.objects.filter(slug="education").exists()


def form_fields(html: str) -> dict:
    """The values a browser would submit from the page's main form (inputs, selects, textareas)."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
                if attrs.get("type") == "checkbox":
                    if "checked" in attrs:
                        self.data[name] = attrs.get("value", "on")
                else:
                    self.data[name] = attrs.get("value", "")
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data

    parser = Parser()
    parser.feed(html)
    return parser.data


def test_copying_a_used_rule_makes_a_new_version_and_leaves_the_old_one_untouched(
    finance_client, booked, shop_default_rule
):
    page = finance_client.get(reverse("ledger_rules:copy", args=[shop_default_rule.pk]))
    data = form_fields(page.content.decode())
    data.update({"name": "Shop default 2027", "effective_from": "2027-01-01", "shares-0-percentage": "50"})
    response = finance_client.post(reverse("ledger_rules:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    new = AllocationRule.objects.get(name="Shop default 2027")
    assert sorted(new.shares.values_list("fund__slug", "percentage")) == [
        ("materials", Decimal(20)),
        ("survivor-wages", Decimal(50)),
    ]
    shop_default_rule.refresh_from_db()
    assert sorted(shop_default_rule.shares.values_list("fund__slug", "percentage")) == [
        ("materials", Decimal(20)),
        ("survivor-wages", Decimal(45)),
    ]
