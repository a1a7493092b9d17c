"""The header, footer and page routes come from the shared cache (cms/chrome.py, cms/routing.py), and
an editor's change shows on the very next view: a cached copy is never served after it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms import routing
from cms.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def add_page(parent, title, **fields):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1]


def test_an_edited_tagline_shows_in_the_footer_on_the_next_view(client, site_settings):
    site_settings.tagline = "Made by hand."
    site_settings.save()
    assert "Made by hand." in _footer(client.get("/").content.decode())
    client.get("/")  # the chrome is now in the shared cache

    site_settings.tagline = "Every purchase pays a wage."
    site_settings.save()

    footer = _footer(client.get("/").content.decode())
    assert "Every purchase pays a wage." in footer
    assert "Made by hand." not in footer


def test_a_page_added_to_the_menu_shows_at_once(client, home_page):
    add_page(home_page, "About", show_in_menus=True)
    client.get("/about/")
    client.get("/about/")

    add_page(home_page, "Volunteer", show_in_menus=True)

    nav = client.get("/about/").content.decode().split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert ">Volunteer<" in nav
    assert '<a href="/about/" aria-current="page">About</a>' in nav


def test_a_warm_page_is_routed_from_the_shared_cache(client, home_page):
    page = add_page(home_page, "About")
    client.get(page.url)
    client.get(page.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)

    assert response.status_code == 200
    assert "About" in response.content.decode()
    # Neither the site lookup nor the page-by-slug walk ran.
    assert not any('FROM "wagtailcore_site"' in query["sql"] for query in captured)
    assert not any('"wagtailcore_page"."slug" = ' in query["sql"] for query in captured)


def test_an_unpublished_page_is_gone_on_the_next_view(client, home_page):
    page = add_page(home_page, "Gala")
    assert client.get("/gala/").status_code == 200
    assert client.get("/gala/").status_code == 200

    page.unpublish()

    assert client.get("/gala/").status_code == 404


def test_a_renamed_page_answers_at_its_new_address_only(client, home_page):
    page = add_page(home_page, "Events")
    assert client.get("/events/").status_code == 200
    assert client.get("/events/").status_code == 200

    page.slug = "whats-on"
    page.save_revision().publish()

    assert client.get("/events/").status_code == 404
    assert client.get("/whats-on/").status_code == 200


def test_a_site_moved_to_another_root_routes_there_at_once(client, home_page):
    other = add_page(home_page, "Campaign")
    add_page(other, "Donate now")
    assert client.get("/campaign/donate-now/").status_code == 200
    assert client.get("/campaign/donate-now/").status_code == 200

    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()

    assert client.get("/donate-now/").status_code == 200
    assert client.get("/campaign/donate-now/").status_code == 404


def test_wagtails_own_utility_urls_are_not_taken_by_the_cached_router(client, home_page):
    # /_util/login/ is Wagtail's front-end login view, listed after ours: our pattern leaves it alone.
    assert client.get("/_util/login/").status_code == 200


def test_only_successful_get_routes_are_kept(client, home_page):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    from django.core.cache import cache

    class Request:
        method = "GET"

        def _get_raw_host(self):
            return "testserver"

        def get_port(self):
            return "80"

    assert cache.get(routing._key(Request(), "/no-such-page/")) is None


def test_settings_rows_are_read_once_into_the_shared_chrome(client, site_settings):
    client.get("/")
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert not any("cms_sitesettings" in query["sql"] for query in captured)
    assert not any("cms_organisationsettings" in query["sql"] for query in captured)
    assert SiteSettings.objects.count() == 1
