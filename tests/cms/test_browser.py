"""In a real browser: the public pages pass axe-core, and an Editor edits and publishes the home page."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe

SERIOUS = ("serious", "critical")
EDITOR_PASSWORD = "an-editor-password-42"

# serialized_rollback: the flush after a live-server test should not take the migrations' data
# (root page, staff groups, ledger funds) away from the tests that run after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_site():
    from cms import demo

    demo.seed(stdout=io.StringIO())


@pytest.fixture
def csp_violations(page):
    messages = []
    page.on(
        "console",
        lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return messages


@pytest.mark.parametrize("path", ["/", "/about/", "/get-educated/", "/contact/"])
def test_public_pages_have_no_serious_or_critical_accessibility_violations(
    page, demo_site, csp_violations, path
):
    page.goto(path)

    results = Axe().run(page)

    violations = [item for item in results.response["violations"] if item["impact"] in SERIOUS]
    assert violations == [], results.generate_report()
    assert csp_violations == []


def test_the_skip_link_moves_keyboard_focus_to_the_main_content(page, demo_site):
    page.goto("/get-educated/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_an_editor_edits_the_home_hero_publishes_and_sees_it_on_the_site(
    page, demo_site, csp_violations, django_user_model
):
    from django.contrib.auth.models import Group

    from cms.models import HomePage

    editor = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", password=EDITOR_PASSWORD
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    home = HomePage.objects.get()

    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.fill("#id_hero_heading", "Hope is made by hand")
    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    assert "has been published" in page.locator(".messages").inner_text()

    page.goto("/")
    assert page.locator("h1#hero-heading").inner_text() == "Hope is made by hand"
    assert csp_violations == []
