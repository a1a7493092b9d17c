"""Editors never reach the other areas' admin screens (orders, donors, gifts, receipts, ledger, Stripe)."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets

OTHER_AREAS = ("shop", "donations", "community", "payments", "ledger")
# Admin views those apps register outside a viewset.
EXTRA_URL_NAMES = ["donations_offline_gift", "donations_past_due", "fund_report:index", "fund_report:csv"]


def other_area_admin_urls() -> list[str]:
    reverse("wagtailadmin_home")  # loads the admin URLconf, which fills the viewset registry
    urls = []
    for viewset in admin_viewsets.viewsets:
        if type(viewset).__module__.split(".")[0] not in OTHER_AREAS:
            continue
        try:
            urls.append(reverse(viewset.get_url_name("index")))
        except NoReverseMatch:
            continue  # a viewset without a listing (e.g. only a chooser)
    for name in EXTRA_URL_NAMES:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


def refused(response) -> bool:
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        response.url.rstrip("/") in ("/admin", "") or "/login/" in response.url
    )


@pytest.mark.django_db
def test_an_editor_is_refused_on_every_admin_screen_of_the_other_areas(client, home_page, staff_user):
    urls = other_area_admin_urls()
    assert urls, "the other areas register admin screens; none were found"
    client.force_login(staff_user("Editors"))

    allowed = [url for url in urls if not refused(client.get(url))]

    assert allowed == []


@pytest.mark.django_db
def test_an_editor_admin_menu_offers_no_giving_orders_or_finance_entries(client, home_page, staff_user):
    client.force_login(staff_user("Editors"))

    html = client.get("/admin/").content.decode()

    for url in other_area_admin_urls():
        assert f'href="{url}"' not in html
