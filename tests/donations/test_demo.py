"""The demo seeder builds campaigns, circles, a gala and a gift history; running it twice doubles nothing."""

import io

import pytest

from donations import demo
from donations.models import Campaign, CirclePage, Donation, DonationPage, EventPage, Receipt
from donations.selectors import campaign_progress

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_moves_the_progress_bars(home_page):
    from ledger import demo as ledger_demo

    ledger_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    counts = (Donation.objects.count(), Receipt.objects.count(), DonationPage.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (Donation.objects.count(), Receipt.objects.count(), DonationPage.objects.count()) == counts
    assert Campaign.objects.count() == 2
    assert set(CirclePage.objects.values_list("title", flat=True)) == {
        "Circle of Sisters",
        "Band of Brothers",
    }
    gala = EventPage.objects.get()
    assert gala.ticket_types.count() == 2
    assert gala.sponsorship_tiers.count() == 2
    # One "Give" entry in the header (it must fit one row at 1280 px); the appeal is linked from pages.
    assert [page.slug for page in DonationPage.objects.filter(show_in_menus=True)] == ["give"]
    spring = Campaign.objects.get(slug="spring-for-survivors")
    assert campaign_progress(campaign=spring).raised.amount > 0
