"""Navigation, footer, SEO tags, sitemap, robots.txt, search and the error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import Site

from cms import selectors
from cms.models import StandardPage


def add_page(parent, title, *, publish=True, **fields):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), live=publish, **fields)
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_main_menu_lists_live_menu_pages_under_home_in_tree_order(client, home_page):
    add_page(home_page, "About", show_in_menus=True)
    add_page(home_page, "Hidden", show_in_menus=False)
    add_page(home_page, "Draft", show_in_menus=True, publish=False)
    add_page(home_page, "Shop", show_in_menus=True)

    html = client.get("/about/").content.decode()

    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert nav.index(">About<") < nav.index(">Shop<")
    assert "Hidden" not in nav
    assert "Draft" not in nav
    assert '<a href="/about/" aria-current="page">About</a>' in nav


@pytest.mark.django_db
def test_main_menu_is_cached_and_refreshed_when_a_page_is_published(home_page, django_assert_num_queries):
    site = Site.objects.select_related("root_page").get(root_page=home_page)
    add_page(home_page, "About", show_in_menus=True)
    with django_assert_num_queries(1):
        assert [item.title for item in selectors.menu_items(site=site)] == ["About"]
    with django_assert_num_queries(0):
        selectors.menu_items(site=site)

    add_page(home_page, "Get involved", show_in_menus=True)

    assert [item.title for item in selectors.menu_items(site=site)] == ["About", "Get involved"]


@pytest.mark.django_db
def test_footer_shows_legal_name_ein_disclosure_and_hotline_from_settings(client, site_settings):
    html = client.get("/").content.decode()

    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Test Works Collective, Inc." in footer
    assert "EIN 12-3456789" in footer
    assert "registration does not imply endorsement" in footer
    assert 'href="tel:18883737888"' in footer
    assert 'href="sms:233733"' in footer


@pytest.mark.django_db
def test_page_head_carries_seo_title_description_canonical_and_open_graph(client, home_page):
    add_page(home_page, "About", seo_title="About Hope Works", search_description="Who we are & why")

    html = client.get("/about/").content.decode()

    assert "<title>About Hope Works | Hope Works</title>" in html
    assert '<meta name="description" content="Who we are &amp; why">' in html
    assert '<link rel="canonical" href="http://localhost/about/">' in html
    assert '<meta property="og:title" content="About Hope Works">' in html
    assert '<meta property="og:description" content="Who we are &amp; why">' in html
    assert '<meta property="og:url" content="http://testserver/about/">' in html


@pytest.mark.django_db
def test_every_public_page_has_landmarks_and_a_skip_link(client, home_page):
    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<header class="site-header">' in html
    assert '<footer class="site-footer">' in html
    assert 'role="search"' in html


@pytest.mark.django_db
def test_every_page_header_links_to_the_cart(client, home_page):
    html = client.get("/").content.decode()

    assert '<a class="site-header__cart" href="/shop/cart/">Cart</a>' in html
    assert client.get("/shop/cart/").status_code == 200


@pytest.mark.django_db
def test_sitemap_lists_live_pages_only(client, home_page):
    add_page(home_page, "About")
    add_page(home_page, "Secret draft", publish=False)

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert response.status_code == 200
    assert "/about/</loc>" in body
    assert "secret-draft" not in body


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home_page):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


@pytest.mark.django_db
def test_search_finds_pages_by_their_content_and_paginates(client, home_page):
    for number in range(12):
        add_page(home_page, f"Candle story {number}", intro="hand-poured beeswax candles")
    add_page(home_page, "Unrelated", intro="textiles")

    first = client.get("/search/", {"q": "beeswax"}).content.decode()
    second = client.get("/search/", {"q": "beeswax", "page": 2}).content.decode()

    assert "12 results for “beeswax”" in first
    assert first.count("<li><h2>") == 10
    assert 'href="?q=beeswax&amp;page=2" rel="next"' in first
    assert second.count("<li><h2>") == 2
    assert "Unrelated" not in first + second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"q": ""}, {"q": "x" * 5000}, {"q": "candles", "page": "abc"}, {"page": "-1"}]
)
def test_search_survives_hostile_parameters(client, home_page, params):
    response = client.get("/search/", params)

    assert response.status_code == 200


@pytest.mark.django_db
def test_search_escapes_the_query_it_echoes(client, home_page):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_unknown_address_gets_a_friendly_404_with_search(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "find that page" in html
    assert 'action="/search/"' in html


def test_the_500_page_renders_without_a_request_or_the_database():
    # No django_db mark: any database access here would raise.
    html = render_to_string("500.html")
    response = server_error(RequestFactory().get("/"))

    assert "Something went wrong on our side" in html
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_public_pages_allow_only_same_origin_scripts_while_the_admin_gets_its_scoped_relaxation(
    client, home_page, staff_user
):
    public = client.get("/")["Content-Security-Policy"]
    client.force_login(staff_user("Editors"))
    admin = client.get("/admin/")["Content-Security-Policy"]

    public_scripts = next(part for part in public.split(";") if part.strip().startswith("script-src"))
    admin_scripts = next(part for part in admin.split(";") if part.strip().startswith("script-src"))
    assert public_scripts.strip() == "script-src 'self'"
    assert "'unsafe-inline'" in admin_scripts
