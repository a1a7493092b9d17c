"""The seeded demo in Chromium: one page of every type passes axe-core (no serious or critical
violations), and at 390 px and 1280 px wide the key pages keep the layout a person relies on
(screenshots are written to $HOPEWORKS_SCREENSHOTS, default /tmp/hopeworks-screenshots)."""

import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

SERIOUS = ("serious", "critical")
SCREENSHOTS = Path(os.environ.get("HOPEWORKS_SCREENSHOTS", "/tmp/hopeworks-screenshots"))
MANAGER_PASSWORD = "a-shop-manager-pw-42"
PRODUCT = "/shop/jewellery/beaded-bracelet/"  # two variants: the tallest buy box in the demo
# One page of each page type the site has.
PAGE_TYPES = {
    "home": "/",
    "standard": "/about/",
    "education": "/get-educated/",
    "impact": "/impact/",
    "form": "/host-an-event/",
    "search": "/search/?q=soap",
    "shop": "/shop/",
    "category": "/shop/jewellery/",
    "product": PRODUCT,
    "cart": "/shop/cart/",
    "give": "/give/",
    "circle": "/circle-of-sisters/",
    "event": "/hope-gala/",
    "portal": "/giving/portal/",
    "not-found": "/no-such-page/",
}

WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def seeded(live_server):
    call_command("seed_demo", stdout=io.StringIO())


def _fill_cart(page):
    page.goto(PRODUCT)
    page.get_by_test_id("add-to-cart").click()
    page.wait_for_url("**/shop/**")


def test_one_page_of_every_type_has_no_serious_or_critical_accessibility_violations(page, seeded):
    _fill_cart(page)  # so the cart page has lines, quantity forms and buttons
    failures = {}
    for name, path in PAGE_TYPES.items():
        page.goto(path)
        results = Axe().run(page)
        serious = [item["id"] for item in results.response["violations"] if item["impact"] in SERIOUS]
        if serious:
            failures[name] = serious

    assert failures == {}


def _shot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_key_pages_keep_their_layout_on_a_phone_and_a_laptop(
    browser, live_server, seeded, width, django_user_model
):
    from django.contrib.auth.models import Group

    from shop.models import Order

    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        for name, path in [
            ("home", "/"),
            ("shop", "/shop/"),
            ("give", "/give/"),
            ("circle", "/circle-of-sisters/"),
            ("event", "/hope-gala/"),
        ]:
            page.goto(path)
            too_wide = page.evaluate(WIDER_THAN_VIEWPORT)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, too_wide)
            _shot(page, name, width)

        page.goto(PRODUCT)
        button = page.get_by_test_id("add-to-cart").bounding_box()
        assert button is not None
        assert button["y"] + button["height"] <= 844, "Add to cart is below the fold"
        assert page.locator(".product__thumbs img").count() == 2  # the gallery: main picture and two more
        _shot(page, "product", width)

        page.get_by_test_id("add-to-cart").click()
        page.goto("/shop/cart/")
        for label in ("Update", "Remove"):
            styled = page.get_by_role("button", name=label).first.evaluate(
                "b => getComputedStyle(b).borderRadius !== '0px' && b.classList.contains('button')"
            )
            assert styled, f"the {label} button is an unstyled browser button"
        _shot(page, "cart", width)

        if width >= 1280:
            page.goto("/")
            tops = {
                round(box["y"])
                for box in (item.bounding_box() for item in page.locator(".main-nav__list > li").all())
            }
            assert len(tops) == 1, "the main navigation wraps onto a second row"
            header = page.locator(".site-header__inner").bounding_box()
            assert header["height"] < 90, "brand, menu, cart and search do not fit one row"

        manager = django_user_model.objects.create_user(username="manager", password=MANAGER_PASSWORD)
        manager.groups.add(Group.objects.get(name="Shop managers"))
        order = Order.objects.filter(status="paid").order_by("pk").first()
        page.goto("/admin/login/")
        page.fill("#id_username", "manager")
        page.fill("#id_password", MANAGER_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto("/admin/shop_order/")
        page.get_by_role("link", name=order.number).click()
        page.wait_for_url(f"**/admin/shop_order/inspect/{order.pk}/")
        assert page.locator("table.listing").first.is_visible()
        assert page.get_by_text("Ledger postings").is_visible()
        _shot(page, "admin-order", width)
    finally:
        context.close()
