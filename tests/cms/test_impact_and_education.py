"""Live impact figures on the impact page and the stats block; the education page's hotline."""

import datetime as dt

import pytest
from django.utils import timezone
from djmoney.money import Money

from cms.models import EducationPage, ImpactPage, StandardPage
from ledger import services as ledger_services
from ledger.types import Channel, RevenueLine, RuleTarget


def give(amount: str, *, source: str):
    """A settled gift to "most needed", booked the way the donations app books it."""
    ledger_services.payment_post(
        source=source,
        occurred_at=timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0)),
        channel=Channel.DONATIONS,
        revenue=[RevenueLine(amount=Money(amount, "USD"), target=RuleTarget.DESIGNATION, key="most-needed")],
        shipping=Money(0, "USD"),
        tax=Money(0, "USD"),
        fee=None,
    )


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="Our impact", slug="impact", intro="Live from the ledger")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_impact_page_shows_an_empty_state_before_any_money_is_settled(client, impact_page):
    html = client.get(impact_page.url).content.decode()

    assert "Figures appear here as soon as the first purchase or gift is settled." in html
    assert "$0.00" not in html


@pytest.mark.django_db
def test_impact_page_shows_live_fund_totals_and_units_from_ledger_postings(
    client, impact_page, most_needed_rule
):
    give("300.00", source="donation:1")

    html = client.get(impact_page.url).content.decode()

    # most-needed: 50 % counseling ($150 = 2 sessions at $75), 30 % therapy, rest care management.
    assert '<span class="stats__value">2</span>' in html
    assert "counseling sessions" in html
    assert "$150.00 to Counseling" in html
    assert "$90.00 to Mental health therapy" in html
    assert "Figures appear here" not in html


@pytest.mark.django_db
def test_impact_figures_follow_new_postings_without_editing_the_page(
    client, impact_page, most_needed_rule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        give("150.00", source="donation:1")
    assert "$75.00 to Counseling" in client.get(impact_page.url).content.decode()

    # The ledger clears its cached figures when the posting commits.
    with django_capture_on_commit_callbacks(execute=True):
        give("150.00", source="donation:2")

    assert "$150.00 to Counseling" in client.get(impact_page.url).content.decode()


@pytest.mark.django_db
def test_stats_block_shows_only_the_chosen_funds(client, home_page, most_needed_rule):
    give("300.00", source="donation:1")
    page = StandardPage(
        title="Why give",
        slug="why-give",
        body=[
            ("stats", {"heading": "Counseling so far", "intro": "", "fund_slugs": "counseling, no-such-fund"})
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "Counseling so far" in html
    assert "$150.00 to Counseling" in html
    assert "Mental health therapy" not in html


@pytest.mark.django_db
def test_education_page_shows_the_hotline_from_site_settings_and_a_table_of_contents(client, site_settings):
    home = site_settings.site.root_page
    page = EducationPage(
        title="Get educated",
        slug="get-educated",
        intro="Learn the signs",
        body=[
            ("section", {"heading": "Signs to look for", "anchor": "signs", "body": "<p>Controlled ID</p>"}),
            ("section", {"heading": "What to do", "anchor": "what-to-do", "body": "<p>Call the hotline</p>"}),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert 'href="tel:18883737888">Call 1-888-373-7888</a>' in html
    assert 'href="sms:233733">Text 233733</a>' in html
    assert "Free, confidential, 24 hours a day." in html
    assert '<a href="#signs">Signs to look for</a>' in html
    assert '<section class="block-section" id="what-to-do">' in html


@pytest.mark.django_db
def test_education_page_can_hide_the_top_hotline(client, site_settings):
    home = site_settings.site.root_page
    page = EducationPage(title="Stories", slug="stories", show_hotline=False)
    home.add_child(instance=page)
    page.save_revision().publish()

    main = client.get(page.url).content.decode().split("<main", 1)[1].split("</main>", 1)[0]

    assert "Call 1-888-373-7888" not in main
