"""The whole seeded demo site, crawled as a visitor and as each staff group (tests/fixtures/crawl.py): every
page answers as expected and shows no raw Python, no unformatted money, no broken image and no link
that leads nowhere."""

import io
import re
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from tests.fixtures.crawl import crawl, visible_text_problems

STAFF_GROUPS = ["Editors", "Shop managers", "Development", "Finance"]
# GET links in the admin that change something, log out, or answer with a file or a modal.
ADMIN_SKIP = re.compile(
    r"/logout/|/delete/|/unpublish/|/copy/|/move/|/revisions/|/preview/|/chooser|/workflow|/lock/|"
    r"/unlock/|export=|/pdf/|/jsi18n|/login/|/password|/history/|/usage/|/add_subpage/|/revert/|"
    # Wagtail's bulk actions and block previews are script endpoints (POST, or GET with parameters).
    r"/admin/bulk/|/admin/block-preview/|"
    # Wagtail's "aging pages" report writes the publishing user's name, and Python's None for pages
    # published by seed_demo (no user): upstream, not ours to change.
    r"/admin/reports/aging-pages/|csrfmiddlewaretoken="
)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module (about 20 s), rolled back after its last test; each test
    runs inside it in a savepoint of its own, as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db):
    return None


def _sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = ElementTree.fromstring(response.content).findall(".//s:loc", SITEMAP_NS)
    return [re.sub(r"^https?://[^/]+", "", loc.text) for loc in locations]


def _public(path: str) -> bool:
    return not path.startswith(("/admin/", "/documents/", "/stripe/", "/payments/demo/"))


def test_every_public_page_answers_and_reads_right_from_home_and_sitemap(client, demo):
    sitemap = _sitemap_paths(client)
    assert len(sitemap) > 30  # home, content pages, shop, 26 products, giving pages

    result = crawl(
        client,
        ["/", *sitemap, "/this-page-does-not-exist/"],
        allowed=_public,
        expected_status=lambda path: (404,) if path == "/this-page-does-not-exist/" else (200,),
    )

    assert result.problems == [], result.report()
    visited = set(result.visited)
    for journey in (
        "/shop/",
        "/shop/jewellery/",
        "/shop/jewellery/hope-necklace/",
        "/shop/cart/",
        "/give/",
        "/counseling-appeal/",
        "/circle-of-sisters/",
        "/band-of-brothers/",
        "/hope-gala/",
        "/get-educated/",
        "/impact/",
        "/contact/",
        "/host-an-event/",
        "/giving/portal/",
    ):
        assert journey in visited, f"{journey} is not reachable by links from the home page"
    assert any(path.startswith("/search/?") for path in visited), "the search form was not followed"
    assert any("sort=" in path for path in visited), "the shop's filter form was not followed"


@pytest.mark.parametrize("group_name", STAFF_GROUPS)
def test_every_admin_screen_a_staff_group_can_reach_answers_and_reads_right(
    client, demo, django_user_model, group_name
):
    user = django_user_model.objects.create_user(username=f"crawl-{group_name}", password="x-crawl-pw-1")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    # Wagtail's sidebar menu is rendered from JSON props: every admin URL in it is a menu entry.
    menu = sorted(set(re.findall(r'"(/admin/[^"?#]*)"', dashboard.content.decode())))
    menu = [path for path in menu if not ADMIN_SKIP.search(path)]
    assert len(menu) >= 3, menu

    result = crawl(
        client,
        ["/admin/", *menu],
        allowed=lambda path: path.startswith("/admin/") and not ADMIN_SKIP.search(path),
        # The menu's screens and what they link to (a record's page, its edit form, a filter).
        per_pattern=1,
        max_pages=120,
        max_depth=1,
    )

    assert result.problems == [], result.report()
    assert not [path for path in result.visited if path.startswith("/admin/login")]


def test_the_crawl_checks_would_catch_what_the_site_once_showed():
    """The checks themselves: each kind of fault the site once had is reported."""
    assert visible_text_problems("<li>ImpactLine(fund_slug='counseling', amount=Money('935.00', 'USD'))</li>")
    assert visible_text_problems("<td>$1200.00</td>")
    assert visible_text_problems("<dt>Last sent at</dt><dd>None</dd>")
    assert visible_text_problems("<p>Rows: &lt;QuerySet [&lt;Donation: 1&gt;]&gt;</p>")
    assert visible_text_problems("<p>$1,200.00 raised by 12 members; $950 to go</p>") == []
