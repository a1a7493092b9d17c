"""Demo content for community: the course (four lessons with quizzes), the pledge, volunteer and
hosting pages, pledges with trained employees, upcoming shifts (one full, with a waitlist) and two
inquiries. Idempotent: pages are matched by slug, records by the demo email domain."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from wagtail.models import Page, Site

from community.demo.lessons import LESSONS
from community.demo.records import inquiries_add, pledges_add, shifts_add
from community.models import CoursePage, FindUsPage, InquiryPage, LessonPage, PledgePage, VolunteerPage
from core.demo_pages import published_child

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
    course = published_child(
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
        published_child(
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
    published_child(
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
    published_child(
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
    published_child(
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
    published_child(
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


def seed(*, stdout) -> None:
    home = _home()
    if home is None:
        stdout.write("community: no default site; run the cms seeder first")
        return
    course = _course(home, stdout=stdout)
    _pages(home, course, stdout=stdout)
    volunteer = VolunteerPage.objects.get(slug="volunteer")
    pledges_add(course)
    shifts_add(volunteer)
    inquiries_add()
    stdout.write("community: course, pledges, shifts and inquiries ready")
