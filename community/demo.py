"""Demo content for community: the course (four lessons with quizzes), the pledge, volunteer and
hosting pages, pledges with trained employees, upcoming shifts (one full, with a waitlist) and two
inquiries. Idempotent: pages are matched by slug, records by the demo email domain."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Site

from community import services
from community.demo_content import LESSONS
from community.models import (
    CoursePage,
    FindUsPage,
    Inquiry,
    InquiryPage,
    InquiryStatus,
    LessonPage,
    LessonPass,
    Pledge,
    PledgePage,
    Shift,
    ShiftSignup,
    SignupStatus,
    VolunteerPage,
)

DEMO_DOMAIN = "demo.hopeworks.example"
WAIVER = (
    "I volunteer at Hope Works of my own free will and understand that warehouse work (lifting boxes, "
    "using packing tools, hot wax in the candle room) carries some risk of injury. I will follow staff "
    "instructions and safety signs, and I accept responsibility for my own belongings.\n\n"
    "I will respect the privacy of the people I meet: I will not photograph, name or describe any "
    "maker, and I will not share anything I learn about a survivor's story.\n\n"
    "I confirm that everyone in my group meets the shift's minimum age, and that I may sign for them."
)


def _home() -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def _child(parent: Page, page: Page, *, stdout) -> Page:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  created {page.title}")
    return page


def _retire_old_hosting_form(home: Page, *, stdout) -> None:
    """Earlier demos had a plain contact form at /host-an-event/; the inquiry workflow replaces it."""
    old = home.get_children().filter(slug="host-an-event").first()
    if old is not None and old.specific_class is not InquiryPage:
        old = old.specific
        old.slug = "host-an-event-old-form"
        old.show_in_menus = False
        old.save_revision().publish()
        old.unpublish()
        stdout.write("  retired the old “Host an event” form page (unpublished, submissions kept)")


def _course(home: Page, *, stdout) -> CoursePage:
    course = _child(
        home,
        CoursePage(
            title="Get trained",
            slug="training",
            show_in_menus=True,
            search_description="Free training: recognise and report human trafficking, with a certificate.",
            intro="<p>Become 100 % human trafficking trained: learn what trafficking is, how to recognise "
            "someone being trafficked, what to do, and hear the survivor's perspective. Four short lessons, "
            "each with a quiz, and a certificate at the end. No account needed.</p>",
            pass_mark=80,
            completion_text="<p>Keep the hotline number in your phone: 1-888-373-7888.</p>",
        ),
        stdout=stdout,
    )
    for lesson in LESSONS:
        if course.get_children().filter(slug=lesson["slug"]).exists():
            continue
        _child(
            course,
            LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                summary=lesson["summary"],
                body=lesson["body"],
                quiz=lesson["quiz"],
            ),
            stdout=stdout,
        )
    return course


def _pages(home: Page, course: CoursePage, *, stdout) -> None:
    _child(
        home,
        PledgePage(
            title="Take the pledge",
            slug="pledge",
            # Linked from the footer and the training pages: the header stays on one row at 1280 px.
            show_in_menus=False,
            course=course,
            intro="<p>Pledge to learn how to spot and report human trafficking, then take the free training. "
            "Businesses pledge for their whole team and watch their “% trained” grow.</p>",
            individual_text="<p>Name, email, and the training is yours.</p>",
            business_text="<p>You get a private page with a join link and email invitations for your team. "
            "At 100 % trained you download a certificate.</p>",
        ),
        stdout=stdout,
    )
    _child(
        home,
        VolunteerPage(
            title="Volunteer",
            slug="volunteer",
            show_in_menus=True,
            intro="<p>Join us during one of our work days: pack gift boxes, prepare candle orders and "
            "keep the warehouse running. Come alone or bring your team.</p>",
            what_to_expect="<h2>What to expect</h2><p>Shifts start with a short safety talk. Wear closed-toe "
            "shoes. We never photograph makers, and we ask volunteers not to either.</p>",
            waiver_text=WAIVER,
        ),
        stdout=stdout,
    )
    _retire_old_hosting_form(home, stdout=stdout)
    _child(
        home,
        InquiryPage(
            title="Host an event",
            slug="host-an-event",
            # Linked from the footer and the training pages: the header stays on one row at 1280 px.
            show_in_menus=False,
            intro="<p>Host your event in our warehouse, bring a pop-up shop of survivor-made goods to your "
            "event, or invite a speaker. Tell us about it and we reply within two working days. "
            'See <a href="/where-to-find-us/">where to find us</a> next.</p>',
            thank_you_text="<p>Thank you. We received your inquiry, emailed you a copy, and will reply "
            "within two working days.</p>",
        ),
        stdout=stdout,
    )
    _child(
        home,
        FindUsPage(
            title="Where to find us",
            slug="where-to-find-us",
            intro="<p>Pop-up shops and talks coming up. Want us at your event? "
            '<a href="/host-an-event/">Send an inquiry</a>.</p>',
        ),
        stdout=stdout,
    )


def seed_links(*, stdout) -> None:
    """After every area has seeded (the CMS writes the footer's Explore list first), add ours."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        _footer_link(site.root_page)


def _footer_link(home: Page) -> None:
    """The pledge, where to find us and certificate verification, in the footer's Explore list (once)."""
    try:
        model = apps.get_model("cms", "SiteSettings")
    except LookupError:
        return
    site = Site.objects.get(root_page=home)
    chrome = model.for_site(site)
    labels = {block.value["label"] for block in chrome.footer_links}
    wanted = [
        ("Take the pledge", "/pledge/"),
        ("Where to find us", "/where-to-find-us/"),
        ("Verify a certificate", "/training/verify/"),
    ]
    missing = [(label, url) for label, url in wanted if label not in labels]
    if not missing:
        return
    links = [("link", dict(block.value)) for block in chrome.footer_links]
    links += [
        ("link", {"label": label, "page": None, "url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{url}"})
        for label, url in missing
    ]
    chrome.footer_links = links
    chrome.save()


def _train(course: CoursePage, *, pledge, name: str, email: str) -> None:
    learner = services.learner_start(course=course, pledge=pledge)
    for lesson in course.lessons():
        LessonPass.objects.get_or_create(learner=learner, lesson=lesson)
    services.certificate_issue(learner=learner, name=name, email=email)


def _pledges(course: CoursePage) -> None:
    if Pledge.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    for name, city, listed in [
        ("Ada Lovelace", "Springfield", True),
        ("Grace Hopper", "Riverton", True),
        ("Katherine Johnson", "", False),
        ("Maya Angelou", "Springfield", True),
        ("Marcus Garvey", "Lakeside", True),
    ]:
        email = f"{name.replace(' ', '.').lower()}@{DEMO_DOMAIN}"
        services.pledge_create(kind="individual", name=name, email=email, city=city, listed=listed)
    for first in ("Ada Lovelace", "Maya Angelou"):
        _train(course, pledge=None, name=first, email="")
    riverbend, _ = services.pledge_create(
        kind="business",
        name="Riverbend Coffee Co.",
        contact_name="Dana Example",
        email=f"owner@riverbend.{DEMO_DOMAIN}",
        city="Springfield",
        headcount=4,
        listed=True,
    )
    northside, _ = services.pledge_create(
        kind="business",
        name="Northside Dental",
        contact_name="Sam Example",
        email=f"office@northside.{DEMO_DOMAIN}",
        city="Riverton",
        headcount=3,
        listed=True,
    )
    for index in range(2):
        _train(
            course,
            pledge=riverbend,
            name=f"Riverbend barista {index + 1}",
            email=f"staff{index}@riverbend.{DEMO_DOMAIN}",
        )
    for index in range(3):
        _train(
            course,
            pledge=northside,
            name=f"Northside team member {index + 1}",
            email=f"team{index}@northside.{DEMO_DOMAIN}",
        )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _shifts(volunteer: VolunteerPage) -> None:
    if ShiftSignup.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists() or Shift.objects.exists():
        return
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    place = "Hope Works warehouse, 100 Example Street, Springfield (use the loading-dock door)"
    boxes = Shift.objects.create(
        task="Pack Gifts of Hope boxes",
        starts_at=_at(saturday, 9),
        ends_at=_at(saturday, 12),
        place=place,
        capacity=12,
        minimum_age=14,
        what_to_bring="Closed-toe shoes and a water bottle.",
        description="Fold, fill and label corporate gift boxes for the holiday orders.",
    )
    candles = Shift.objects.create(
        task="Candle room prep",
        starts_at=_at(saturday + dt.timedelta(days=7), 10),
        ends_at=_at(saturday + dt.timedelta(days=7), 13),
        place=place,
        capacity=6,
        minimum_age=18,
        what_to_bring="Clothes you don't mind getting wax on.",
        description="Clean moulds, cut wicks and pack finished candles. Hot wax: adults only.",
    )
    Shift.objects.create(
        task="Warehouse sort and inventory",
        starts_at=_at(saturday + dt.timedelta(days=14), 9),
        ends_at=_at(saturday + dt.timedelta(days=14), 12, 30),
        place=place,
        capacity=10,
        minimum_age=16,
        what_to_bring="Closed-toe shoes.",
    )
    common = {
        "age_confirmed": True,
        "waiver_version": volunteer.waiver_version,
        "waiver_text": volunteer.waiver_text,
    }
    plan = [
        (boxes, "Jordan Example", 3, False),
        (boxes, "Priya Example", 2, False),
        (candles, "Riverbend Coffee team", 4, False),
        (candles, "Alex Example", 2, False),
        (candles, "Morgan Example", 2, True),
        (candles, "Casey Example", 1, True),
    ]
    for shift, name, size, waitlist in plan:
        services.shift_signup_create(
            shift_id=shift.pk,
            name=name,
            email=f"{name.split()[0].lower()}@{DEMO_DOMAIN}",
            phone="555-010-2030",
            party_size=size,
            join_waitlist=waitlist,
            **common,
        )
    assert candles.signups.filter(status=SignupStatus.WAITLISTED).count() == 2


def _inquiries() -> None:
    if Inquiry.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    today = timezone.localdate()
    market, _ = services.inquiry_create(
        kind="popup",
        name="Taylor Example",
        email=f"taylor@{DEMO_DOMAIN}",
        organisation="Springfield Makers Market",
        event_date=today + dt.timedelta(days=24),
        start_time=dt.time(10),
        end_time=dt.time(16),
        expected_guests=800,
        event_type="Outdoor makers market",
        venue="Riverside Park, Springfield",
        needs="A 10x10 booth; we provide a table and tent.",
    )
    services.inquiry_status_set(
        inquiry=market, status=InquiryStatus.BOOKED, publish=True, public_title="Springfield Makers Market"
    )
    services.inquiry_create(
        kind="warehouse",
        name="Robin Example",
        email=f"robin@{DEMO_DOMAIN}",
        organisation="Lakeside Church women's group",
        event_date=today + dt.timedelta(days=45),
        start_time=dt.time(18, 30),
        end_time=dt.time(21),
        expected_guests=60,
        event_type="Fundraising dinner",
        needs="Tables for 60, a projector, and a short talk from a staff member.",
    )


def seed(*, stdout) -> None:
    home = _home()
    if home is None:
        stdout.write("community: no default site; run the cms seeder first")
        return
    course = _course(home, stdout=stdout)
    _pages(home, course, stdout=stdout)
    volunteer = VolunteerPage.objects.get(slug="volunteer")
    _pledges(course)
    _shifts(volunteer)
    _inquiries()
    stdout.write("community: course, pledges, shifts and inquiries ready")
