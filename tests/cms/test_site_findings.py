"""What a new user found on the demo site (issue 11), each checked on the page or email a person sees."""

import io
import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from djmoney.money import Money

from core.money import money_format


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db):
    return None


def test_money_is_written_one_way_with_thousands_separators():
    assert money_format(Money("1200", "USD")) == "$1,200.00"
    assert money_format(Money("1200.5", "USD"), decimals=0) == "$1,201"
    assert money_format(Money("1234567.891", "KWD")) == "KWD1,234,567.891"
    assert money_format(None) == ""


def test_circle_page_names_what_the_circle_funded_in_words_and_formatted_money(client, demo):
    body = client.get("/circle-of-sisters/").content.decode()
    impact = re.search(r'data-testid="circle-impact">(.*?)</ul>', body, re.S).group(1)
    assert "ImpactLine(" not in body
    assert "Money(" not in body
    assert "counseling session" in impact
    assert re.search(r"\$\d{1,3}(,\d{3})*\.\d{2} to Counseling", impact)


def test_circle_members_fit_the_circle(client, demo):
    sisters = client.get("/circle-of-sisters/").content.decode()
    brothers = client.get("/band-of-brothers/").content.decode()
    assert "Booker" not in sisters
    assert "Frederick" not in sisters
    assert "Maya" not in brothers
    assert "Jane" not in brothers


def test_event_page_shows_places_left_local_time_and_formatted_prices(client, demo):
    body = client.get("/hope-gala/").content.decode()
    assert "$1,200.00" in body
    assert "$1200" not in body
    assert re.search(r'data-testid="offer-remaining">\d+ left<', body)
    assert "6:30 PM" in body  # seeded for 18:30 in the organisation's timezone, and shown so


def test_category_page_has_one_breadcrumb_and_no_filter_into_empty_categories(client, demo):
    body = client.get("/shop/jewellery/").content.decode()
    assert body.count('aria-label="Breadcrumb"') == 1
    assert 'name="category"' not in body
    assert 'href="/shop/bags/"' in body  # the other categories are links to their own pages


def test_header_and_footer_lead_to_every_journey(client, demo):
    body = client.get("/").content.decode()
    for href in ("/contact/", "/host-an-event/", "/circle-of-sisters/", "/band-of-brothers/", "/hope-gala/"):
        assert f'href="{href}"' in body, href
    assert 'rel="icon"' in body
    assert client.get("/favicon.ico").status_code == 301


def test_hero_alt_text_describes_the_drawn_image(demo):
    from cms.models import HomePage

    home = HomePage.objects.get()
    assert "Illustration" in home.hero_image_alt
    assert "candle" in home.hero_image_alt


def test_maker_stories_match_what_they_make(client, demo):
    body = client.get("/shop/jewellery/hope-necklace/").content.decode()
    assert "necklace" in body.split('id="maker-heading"')[1].lower()


def test_host_an_event_form_refuses_negative_guests_and_uses_a_date_input(client, demo):
    body = client.get("/host-an-event/").content.decode()
    assert re.search(r'type="date"[^>]*min="\d{4}-\d{2}-\d{2}"', body)
    assert 'min="1"' in body
    response = client.post("/host-an-event/", {"expected_guests": "-3", "your_name": "A", "email": "a@b.org"})
    assert "greater than or equal to 1" in response.content.decode()


def test_wrap_around_care_is_named_as_the_organisation_does(client, demo):
    assert "Wrap-around care" in client.get("/give/").content.decode()


def test_emailed_links_follow_the_address_of_the_request(client, demo, django_capture_on_commit_callbacks):
    from donations.models import Donor

    donor = Donor.objects.exclude(email="").first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/giving/portal/", {"email": donor.email}, HTTP_HOST="127.0.0.1:8112")
    assert "http://127.0.0.1:8112/giving/portal/" in mail.outbox[-1].body


@pytest.mark.parametrize("port", ["8102", "8112"])
def test_the_demo_base_url_follows_the_port_make_run_serves(port):
    code = "import config.settings.local as s; print(s.WAGTAILADMIN_BASE_URL)"
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={"PORT": port, "HOST": "127.0.0.1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output == f"http://127.0.0.1:{port}"


def test_the_demo_404_is_the_branded_page_even_with_debug_on(client, demo, settings):
    settings.DEBUG = True
    settings.CMS_BRANDED_404_IN_DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can\u2019t find that page" in response.content.decode()


def test_a_garbage_portal_token_is_told_the_link_is_not_valid(client, demo):
    response = client.get("/giving/portal/enter/not-a-real-token/")
    body = response.content.decode()
    assert response.status_code == 410
    assert "Welcome back" not in body
    assert "not valid" in body


def test_admin_order_list_opens_the_orders_own_page_with_money_and_local_times(
    client, demo, django_user_model
):
    from shop.models import Order

    user = django_user_model.objects.create_user(username="m", password="x-pw-1")
    user.groups.add(Group.objects.get(name="Shop managers"))
    client.force_login(user)
    order = Order.objects.filter(status="paid").first()
    listing = client.get("/admin/shop_order/").content.decode()
    assert f'href="/admin/shop_order/inspect/{order.pk}/"' in listing
    page = client.get(f"/admin/shop_order/inspect/{order.pk}/").content.decode()
    assert "Ledger postings" in page
    assert "Lines" in page
    assert re.search(r"\d{4}, .* C[SD]T", page)  # the organisation's timezone, named


@pytest.mark.parametrize(
    ("group_name", "shown", "hidden"),
    [
        ("Editors", [], ["shop_orders_today", "giving_gifts_today", "payments_failed_events"]),
        (
            "Shop managers",
            ["shop_orders_today", "shop_low_stock", "payments_failed_events"],
            ["giving_gifts_today"],
        ),
        (
            "Development",
            ["giving_gifts_today", "giving_past_due"],
            ["shop_orders_today", "payments_failed_events"],
        ),
        ("Finance", ["giving_gifts_today", "payments_failed_events"], ["shop_orders_today"]),
    ],
)
def test_dashboard_panels_show_each_group_only_its_own_data(
    client, demo, django_user_model, group_name, shown, hidden
):
    user = django_user_model.objects.create_user(username=f"d-{group_name}", password="x-pw-1")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    for name in shown:
        assert f'data-panel="{name}"' in body, name
    for name in hidden:
        assert f'data-panel="{name}"' not in body, name


def test_gift_inspect_page_leaves_out_currency_twins_and_empty_values(client, demo, django_user_model):
    from donations.models import Donation

    user = django_user_model.objects.create_user(username="dev", password="x-pw-1")
    user.groups.add(Group.objects.get(name="Development"))
    client.force_login(user)
    gift = Donation.objects.first()
    body = client.get(f"/admin/giving/gifts/inspect/{gift.pk}/").content.decode()
    assert "Amount currency" not in body
    assert "US Dollar" not in body
    assert money_format(gift.amount) in body
