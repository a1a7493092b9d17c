"""In a real browser: give $50 monthly in honour of someone through the local payment double (the
demo gateway, which signs events through the real webhook pipeline), get the receipt email with its
PDF, open the donor portal from the emailed link and cancel the gift."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from donations.models import Donation, RecurringGift, RecurringStatus

# serialized_rollback: the flush after a live-server test must keep the migrations' data.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_give_monthly_in_honour_receive_the_receipt_and_cancel_in_the_portal(page, donation_page, settings):
    settings.PAYMENTS_DEMO = True
    settings.STRIPE_SECRET_KEY = ""
    mail.outbox.clear()

    page.goto(donation_page.url)
    page.get_by_label("Monthly").check()
    page.get_by_label("Other amount (USD)").fill("25,50")  # a decimal comma reads as it will be charged
    expect(page.get_by_test_id("charge-summary")).to_have_text("You will be charged $25.50.")
    page.get_by_label("Other amount (USD)").fill("50")
    page.get_by_label("Where should your gift go?").select_option("counseling")
    page.get_by_label("Add the processing fee so my whole gift arrives").check()
    expect(page.get_by_test_id("fee-summary")).to_contain_text("You will pay $51.80")
    expect(page.get_by_test_id("charge-summary")).to_have_text("You will be charged $51.80.")
    page.get_by_label("Add the processing fee so my whole gift arrives").uncheck()
    page.get_by_label("Dedicate this gift").select_option("honour")
    page.get_by_label("Honoree's name").fill("Grandma Rose")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Donor")
    page.locator("#id_email").fill("dana.browser@example.org")
    page.get_by_role("button", name="Continue to secure payment").click()

    page.get_by_role("button", name="Pay (demo)").click()
    page.wait_for_url(re.compile(r".*/giving/thank-you/.*"))
    assert "Thank you" in page.locator("h1").inner_text()
    assert "monthly gift of $50.00" in page.locator("main").inner_text()

    gift = RecurringGift.objects.get()
    assert gift.status == RecurringStatus.ACTIVE
    instalment = Donation.objects.get(recurring_gift=gift)
    assert instalment.honoree_name == "Grandma Rose"
    receipt_mail = next(m for m in mail.outbox if m.subject.startswith("Your receipt"))
    assert receipt_mail.to == ["dana.browser@example.org"]
    _name, content, mimetype = receipt_mail.attachments[0]
    assert mimetype == "application/pdf"
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "$50.00" in pdf_text
    assert "Grandma Rose" in pdf_text

    page.goto("/giving/portal/")
    page.get_by_label("Your email").fill("dana.browser@example.org")
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_text("Check your email").wait_for()
    link = re.search(r"https?://\S+/giving/portal/enter/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Continue to my giving").click()
    page.get_by_text("$50.00 monthly").wait_for()

    page.get_by_role("button", name="Cancel this gift").click()
    page.get_by_text("Your recurring gift is cancelled").wait_for()
    assert RecurringGift.objects.get().status == RecurringStatus.ENDED


def test_the_donation_page_has_no_serious_accessibility_violations(page, donation_page):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(donation_page.url)
    results = Axe().run(page)

    violations = [
        item for item in results.response["violations"] if item["impact"] in ("serious", "critical")
    ]
    assert violations == [], results.generate_report()
