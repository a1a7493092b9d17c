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


def test_seed_credits_approved_sponsors_on_the_gala_and_appoints_a_leader_for_each_circle(client, home_page):
    from PIL import Image

    from donations.models import CircleLeader, Sponsor

    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    gala = EventPage.objects.get()
    sponsors = list(Sponsor.objects.filter(event=gala, status="approved"))
    assert len(sponsors) == 4
    assert {s.tier_name for s in sponsors} == {"Hope sponsor", "Logo sponsor"}
    for sponsor in sponsors:
        with sponsor.logo.open("rb") as logo, Image.open(logo) as image:
            colours = image.convert("RGB").getcolors(maxcolors=100_000)
        assert len(colours) > 20  # a drawn logo, not a flat placeholder
    html = client.get(gala.url).content.decode()
    assert html.index("Riverbend Bank logo") < html.index("Lumen Studio logo")  # the larger tier first
    led = {leader.circle.title: leader.donor.full_name for leader in CircleLeader.objects.all()}
    assert led == {"Circle of Sisters": "Maya Angelou", "Band of Brothers": "Marcus Garvey"}
