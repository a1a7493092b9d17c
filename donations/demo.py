"""Demo content for giving: designations, two campaigns, the two circles, a gala with tickets and
sponsorship tiers, and a history of settled gifts so progress bars and impact figures move.
Idempotent: running it again creates nothing new."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money
from wagtail.models import Page, Site

from donations import demo_recognition
from donations.models import (
    Campaign,
    CirclePage,
    Designation,
    Donation,
    DonationPage,
    EventPage,
    GiftKind,
    SponsorshipTier,
    TicketType,
)
from donations.services import donation_confirm, donor_get_or_create

DEMO_DOMAIN = "demo.hopeworks.example"
DESIGNATIONS = [
    ("counseling", "Counseling", "Trauma-informed counseling sessions."),
    ("mental-health-therapy", "Mental health therapy", "Licensed therapy for survivors."),
    # The organisation's own words: "counseling, mental-health therapy and wrap-around care".
    ("care-management", "Wrap-around care", "Housing, legal and medical navigation, case by case."),
]
# (first, last, wall consent, circle): the Circle of Sisters is women, the Band of Brothers men.
DONORS = [
    ("Ada", "Lovelace", True, "sisters"),
    ("Grace", "Hopper", True, None),
    ("Katherine", "Johnson", False, None),
    ("Rosa", "Parks", True, "sisters"),
    ("Maya", "Angelou", True, "sisters"),
    ("Frederick", "Douglass", True, "brothers"),
    ("Booker", "Washington", False, "brothers"),
    ("Jane", "Addams", True, "sisters"),
    ("Harriet", "Tubman", True, "sisters"),
    ("Dorothy", "Day", False, None),
    ("Marcus", "Garvey", True, "brothers"),
    ("Langston", "Hughes", True, "brothers"),
]


def _usd(value) -> Money:
    return Money(Decimal(str(value)), "USD")


def _home() -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def _child(home: Page, page: Page, *, stdout) -> Page:
    existing = home.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    # One "Give" entry in the header (it fits on one row at 1280 px); appeals, circles and the gala
    # are linked from the Give page and the footer.
    page.show_in_menus = page.slug == "give"
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  created page /{page.slug}/")
    return page


def _campaigns(today: dt.date) -> tuple[Campaign, Campaign]:
    spring, _ = Campaign.objects.get_or_create(
        slug="spring-for-survivors",
        defaults={
            "name": "Spring for Survivors",
            "goal": _usd(25000),
            "starts_on": today - dt.timedelta(days=80),
            "ends_on": today + dt.timedelta(days=40),
            "show_donor_wall": True,
        },
    )
    counseling, _ = Campaign.objects.get_or_create(
        slug="counseling-for-100",
        defaults={
            "name": "Counseling for 100 survivors",
            "goal": _usd(15000),
            "starts_on": today - dt.timedelta(days=60),
            "show_donor_wall": False,
        },
    )
    return spring, counseling


def _pages(home: Page, spring: Campaign, counseling: Campaign, *, stdout):
    designations = [
        Designation.objects.get_or_create(
            fund_slug=slug, defaults={"name": name, "description": text, "sort_order": index}
        )[0]
        for index, (slug, name, text) in enumerate(DESIGNATIONS)
    ]
    give = _child(
        home,
        DonationPage(
            title="Give",
            slug="give",
            campaign=spring,
            suggested_amounts="25, 50, 100, 250",
            intro="<p>Every gift pays for counseling, therapy and care for survivors of trafficking.</p>",
            thank_you_text="<p>Your gift is already at work. Thank you for standing with survivors.</p>",
        ),
        stdout=stdout,
    )
    if not give.designations.exists():
        give.designations.add(*designations)
        give.save_revision().publish()
    appeal = _child(
        home,
        DonationPage(
            title="Counseling for 100",
            slug="counseling-appeal",
            campaign=counseling,
            suggested_amounts="75, 150, 300",
            default_frequency="monthly",
            intro="<p>$75 pays for one trauma-informed counseling session.</p>",
        ),
        stdout=stdout,
    )
    if not appeal.designations.exists():
        appeal.designations.add(designations[0])
        appeal.save_revision().publish()
    sisters = _child(
        home,
        CirclePage(
            title="Circle of Sisters",
            slug="circle-of-sisters",
            leader_name="Maya A.",
            goal=_usd(12000),
            donation_page=give,
            description="<p>Women giving together so survivors can rebuild their lives.</p>",
        ),
        stdout=stdout,
    )
    brothers = _child(
        home,
        CirclePage(
            title="Band of Brothers",
            slug="band-of-brothers",
            leader_name="Marcus G.",
            goal=_usd(10000),
            donation_page=give,
            description="<p>Men standing against trafficking, one gift at a time.</p>",
        ),
        stdout=stdout,
    )
    gala = home.get_children().filter(slug="hope-gala").first()
    if gala is None:
        gala = EventPage(
            title="Hope Gala",
            slug="hope-gala",
            venue="The Hope Works warehouse",
            starts_at=timezone.localtime().replace(hour=18, minute=30, second=0, microsecond=0)
            + dt.timedelta(days=45),
            designation_key="care-management",
            description="<p>An evening in the warehouse where survivors make every product.</p>",
        )
        gala.ticket_types.add(
            TicketType(
                name="Dinner ticket",
                price=_usd(150),
                fair_market_value=_usd(60),
                benefits="Dinner and program",
                capacity=200,
            )
        )
        gala.ticket_types.add(
            TicketType(
                name="Table of eight",
                price=_usd(1200),
                fair_market_value=_usd(480),
                benefits="Dinner for eight",
                capacity=20,
            )
        )
        gala.sponsorship_tiers.add(
            SponsorshipTier(
                name="Hope sponsor",
                price=_usd(5000),
                fair_market_value=_usd(480),
                benefits="A table for eight; logo on the program",
                capacity=5,
            )
        )
        gala.sponsorship_tiers.add(
            SponsorshipTier(
                name="Logo sponsor",
                price=_usd(1000),
                fair_market_value=_usd(0),
                benefits="Logo placement (acknowledgment only)",
            )
        )
        _child(home, gala, stdout=stdout)
        gala = home.get_children().get(slug="hope-gala").specific
    else:
        gala = gala.specific
    return sisters.specific, brothers.specific, gala


def _gifts(*, spring, counseling, sisters, brothers, gala, stdout) -> int:
    now = timezone.now()
    plan = []
    circles = {"sisters": sisters, "brothers": brothers, None: None}
    for index, (first, last, consent, circle_key) in enumerate(DONORS):
        amount = [25, 50, 100, 250, 75, 150][index % 6]
        designation = ["most-needed", "counseling", "mental-health-therapy", "care-management"][index % 4]
        circle = circles[circle_key]
        campaign = spring if index % 2 == 0 else counseling
        for round_ in range(3):
            plan.append(
                (
                    first,
                    last,
                    consent,
                    amount + 25 * round_,
                    designation,
                    circle,
                    campaign,
                    now - dt.timedelta(days=7 + index * 5 + round_ * 21),
                )
            )
    created = 0
    labels = {slug: name for slug, name, _ in DESIGNATIONS} | {"most-needed": "Where most needed"}
    for first, last, consent, amount, designation, circle, campaign, when in plan:
        donor = donor_get_or_create(
            email=f"{first}.{last}@{DEMO_DOMAIN}".lower(), first_name=first, last_name=last
        )
        gift = Donation.objects.create(
            donor=donor,
            first_name=first,
            last_name=last,
            kind=GiftKind.ONLINE,
            amount=_usd(amount),
            designation_key=designation,
            designation_label=labels[designation],
            campaign=campaign,
            circle=circle,
            wall_consent=consent,
        )
        donation_confirm(reference=gift.reference, amount_total=gift.amount, occurred_at=when, notify=False)
        created += 1
    ticket = gala.ticket_types.first()
    if ticket is not None:
        for first, last, _consent, _circle in DONORS[:4]:
            donor = donor_get_or_create(email=f"{first}.{last}@{DEMO_DOMAIN}".lower())
            purchase = Donation.objects.create(
                donor=donor,
                first_name=first,
                last_name=last,
                kind=GiftKind.TICKET,
                amount=ticket.price * 2,
                benefit_fmv=ticket.fair_market_value * 2,
                benefit_description=f"2 x {ticket.name}: {ticket.benefits}",
                event=gala,
                ticket_type=ticket,
                quantity=2,
                designation_key=gala.designation_key,
                designation_label=gala.title,
            )
            donation_confirm(
                reference=purchase.reference,
                amount_total=purchase.amount,
                occurred_at=now - dt.timedelta(days=3),
                notify=False,
            )
            created += 1
    return created


def seed(*, stdout) -> None:
    home = _home()
    if home is None:
        stdout.write("donations: no default site; run the cms seeder first")
        return
    spring, counseling = _campaigns(timezone.localdate())
    sisters, brothers, gala = _pages(home, spring, counseling, stdout=stdout)
    if Donation.objects.filter(donor__email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("donations: demo gifts already present")
    else:
        created = _gifts(
            spring=spring, counseling=counseling, sisters=sisters, brothers=brothers, gala=gala, stdout=stdout
        )
        stdout.write(f"donations: {created} demo gifts booked and receipted")
    demo_recognition.seed(gala=gala, circles=(sisters, brothers), stdout=stdout)
