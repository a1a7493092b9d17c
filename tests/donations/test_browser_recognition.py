"""In a real browser, through the demo payment gateway (which signs events through the real webhook
pipeline): a company buys a sponsorship, uploads its logo from the emailed link, staff approve it and
it shows on the event page; a circle leader invites a supporter by email, the supporter gives through
the circle and the circle's progress moves by exactly that gift."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from djmoney.money import Money
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import Page

from donations.models import CircleLeader, CirclePage, EventPage, Sponsor, SponsorshipTier
from tests.fixtures.donation_factories import DonorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def demo_payments(settings, donations_settings):
    settings.PAYMENTS_DEMO = True
    settings.STRIPE_SECRET_KEY = ""
    mail.outbox.clear()
    return settings


def test_buy_a_sponsorship_upload_the_logo_staff_approve_it_and_it_shows(
    page, demo_payments, counseling, tmp_path
):
    home = Page.objects.get(depth=2)
    gala = EventPage(
        title="Hope Gala",
        slug="gala",
        starts_at=timezone.now() + dt.timedelta(days=20),
        designation_key="counseling",
    )
    gala.sponsorship_tiers.add(
        SponsorshipTier(name="Hope sponsor", price=Money(2500, "USD"), benefits="Logo")
    )
    home.add_child(instance=gala)
    gala.save_revision().publish()
    logo = tmp_path / "acme.png"
    Image.new("RGB", (300, 100), "darkgreen").save(logo, format="PNG")
    User.objects.create_superuser("staff", "staff@example.org", "staff-pass-123")

    page.goto(gala.url)
    page.get_by_label("Ticket or sponsorship").select_option(label="Hope sponsor ($2,500.00)")
    page.get_by_label("First name").fill("Casey")
    page.get_by_label("Last name").fill("Corp")
    page.get_by_label("Email").fill("events@acme.example")
    page.get_by_label("Company (for sponsorships)").fill("Acme Co")
    page.get_by_role("button", name="Continue to secure payment").click()
    page.get_by_role("button", name="Pay (demo)").click()
    page.wait_for_url(re.compile(r".*/giving/thank-you/.*"))

    message = next(m for m in mail.outbox if "sponsor recognition" in m.subject)
    page.goto(_path(re.search(r"https?://\S+/giving/sponsor/\S+/", message.body).group(0)))
    page.get_by_label("Website", exact=True).fill("https://acme.example")
    page.get_by_label("Logo", exact=True).set_input_files(str(logo))
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_test_id("recognition-status")).to_contain_text("Waiting for staff approval")

    page.goto(gala.url)
    expect(page.get_by_alt_text("Acme Co logo")).to_have_count(0)

    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-pass-123")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/admin/giving/sponsors/inspect/{Sponsor.objects.get().pk}/")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Acme Co: approved.").wait_for()

    page.goto(gala.url)
    image = page.get_by_alt_text("Acme Co logo")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 300
    link = page.locator('a[rel~="sponsored"]', has=image)
    expect(link).to_have_attribute("href", "https://acme.example")


def test_a_leader_invites_a_supporter_who_gives_and_the_progress_moves_by_exactly_that_gift(
    page, demo_payments, donation_page
):
    home = Page.objects.get(depth=2)
    circle = home.add_child(
        instance=CirclePage(
            title="Circle of Sisters", slug="sisters", goal=Money(5000, "USD"), donation_page=donation_page
        )
    )
    CircleLeader.objects.create(
        circle=circle, donor=DonorFactory(email="maya@example.org", first_name="Maya")
    )

    page.goto(circle.url)
    expect(page.get_by_test_id("circle-progress")).to_contain_text("$0.00 raised")
    page.get_by_role("link", name="Sign in as a leader").click()
    page.get_by_label("Your email").fill("maya@example.org")
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_text("Check your email").wait_for()
    page.goto(_path(re.search(r"https?://\S+/giving/circles/lead/enter/\S+/", mail.outbox[-1].body).group(0)))
    page.get_by_role("button", name="Continue to my circle").click()
    page.get_by_role("link", name="Circle of Sisters").click()
    page.get_by_role("link", name="Invitations").click()
    page.get_by_label("Email addresses").fill("rosa@example.org")
    page.get_by_role("button", name="Send invitations").click()
    page.get_by_text("Invitations sent to rosa@example.org.").wait_for()

    invite = next(m for m in mail.outbox if m.to == ["rosa@example.org"])
    # The supporter is someone else, in a browser of her own.
    supporter = page.context.browser.new_context(base_url=page.url.split("/giving")[0])
    rosa = supporter.new_page()
    rosa.goto(_path(re.search(r"https?://\S+/join/\S+", invite.body).group(0)))
    rosa.get_by_label("Your name").fill("Rosa Parks")
    rosa.get_by_label("List my name on the circle's page").check()
    rosa.get_by_role("button", name="Give and join").click()
    rosa.get_by_label("Other amount (USD)").fill("42.35")
    rosa.get_by_label("First name").fill("Rosa")
    rosa.get_by_label("Last name").fill("Parks")
    rosa.locator("#id_email").fill("rosa@example.org")
    rosa.get_by_role("button", name="Continue to secure payment").click()
    rosa.get_by_role("button", name="Pay (demo)").click()
    rosa.wait_for_url(re.compile(r".*/giving/thank-you/.*"))

    rosa.goto(circle.url)
    expect(rosa.get_by_test_id("circle-progress")).to_contain_text("$42.35 raised")
    expect(rosa.get_by_test_id("circle-members")).to_contain_text("Rosa Parks")
    page.goto(f"/giving/circles/lead/{circle.pk}/members/")
    expect(page.get_by_test_id("leader-members")).to_contain_text(
        "Not shared"
    )  # she shared nothing with leaders
    supporter.close()
