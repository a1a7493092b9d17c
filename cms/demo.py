"""Demo content for the CMS: the home page and the pages around it. Idempotent (matched by slug/title).

Existing pages are left alone on a second run so an editor's changes survive `seed_demo`.
"""

import io
import os

from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import (
    EducationPage,
    FormField,
    FormPage,
    HomePage,
    ImpactPage,
    OrganisationSettings,
    SiteSettings,
    StandardPage,
)
from core.demo_art import product_photo, scene_photo

# Drawn demo pictures (core/demo_art.py); each alt text describes what is drawn.
DEMO_IMAGES = {
    "Demo: workshop bench": lambda: scene_photo(colours=["#6d6875", "#e5989b", "#a3b18a"]),
    "Demo: candle on a table": lambda: product_photo(
        title="candle", motif="candle", colour="#e5989b", view=1, wide=True
    ),
    "Demo: warehouse event": lambda: scene_photo(colours=["#7a2e46", "#e8b04b", "#1d5c63"]),
}
HERO_ALT = "Illustration of a woven tote bag, a lit candle and a bar of oat soap on a workbench"


def _demo_image(title: str) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    from django.core.files.images import ImageFile

    slug = title.split(": ", 1)[1].replace(" ", "-")
    image = Image(title=title, file=ImageFile(io.BytesIO(DEMO_IMAGES[title]()), name=f"demo-{slug}.jpg"))
    image.save()
    return image


def _home_page(*, stdout) -> HomePage:
    """The site's root page: replaces Wagtail's default welcome page on the first run."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.objects.get(depth=1)
        welcome = root.get_children().filter(slug="home").first()
        if welcome is not None and welcome.specific_class is Page and not welcome.get_children().exists():
            if site is not None and site.root_page_id == welcome.pk:
                site.root_page = root
                site.save(update_fields=["root_page"])
            welcome.delete()
        home = HomePage(
            title="Home",
            slug="home",
            seo_title="Hope Works: goods made by survivors, gifts that heal",
            search_description="Shop handmade goods that pay survivors of trafficking a fair wage, "
            "or give to counseling and care.",
            hero_heading="Every purchase pays a survivor's wage",
            hero_text="Hope Works employs women who have survived human trafficking. Everything here "
            "is made by "
            "them, and every dollar is tracked to wages, counseling and care.",
            hero_image=_demo_image("Demo: workshop bench"),
            hero_image_alt=HERO_ALT,
            hero_cta_label="See our impact",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("  created the home page")
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Hope Works"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or "Hope Works"
        site.save(update_fields=["root_page", "site_name"])
    _site_address(Site.objects.get(root_page=home))
    return home


def _site_address(site: Site) -> None:
    """`make run` passes HOST and PORT: canonical links and the sitemap then name the address the demo
    server listens on (Wagtail builds them from the default Site)."""
    port = os.environ.get("PORT")
    if not port or not port.isdigit():
        return
    hostname = os.environ.get("HOST", "127.0.0.1")
    if (site.hostname, site.port) != (hostname, int(port)):
        site.hostname, site.port = hostname, int(port)
        site.save(update_fields=["hostname", "port"])


def _child(parent: Page, page: Page, *, stdout) -> Page:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  created {page.title}")
    return page


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _about_page() -> StandardPage:
    return StandardPage(
        title="About us",
        slug="about",
        show_in_menus=False,  # in the footer: the header keeps one row at 1280 px
        intro="We are a social enterprise: we hire survivors of human trafficking, pay a living wage "
        "and walk "
        "alongside them with counseling and care.",
        body=[
            ("heading", {"text": "How we work", "level": "h2"}),
            _paragraph(
                "<p>Our makers pour candles, sew textiles and pack gift boxes in our warehouse. "
                "Sales pay their "
                "wages; gifts pay for counseling, mental-health therapy and care management.</p>"
            ),
            (
                "image",
                {
                    "image": {
                        "image": _demo_image("Demo: candle on a table"),
                        "decorative": False,
                        "alt_text": "Illustration of a hand-poured candle in a glass jar on a wooden table",
                    },
                    "caption": "Hand-poured soy candles from our workshop.",
                },
            ),
            (
                "quote",
                {
                    "quote": "Work gave me a reason to get up in the morning, and people who believed in me.",
                    "attribution": "J., a maker (display name used with her consent)",
                },
            ),
            ("stats", {"heading": "What your support has funded", "intro": "", "fund_slugs": ""}),
            (
                "faq",
                {
                    "heading": "Questions",
                    "questions": [
                        {
                            "question": "Do you share makers' names or locations?",
                            "answer": RichText(
                                "<p>Never. Makers choose whether to share their story, under a name they "
                                "pick, and can withdraw it at any time.</p>"
                            ),
                        },
                        {
                            "question": "Where does my money go?",
                            "answer": RichText(
                                "<p>Every dollar is booked to a fund (wages, counseling, care, materials "
                                "or operations) by rules we publish on our impact page.</p>"
                            ),
                        },
                    ],
                },
            ),
        ],
    )


EDUCATION_SECTIONS = [
    (
        "what-it-is",
        "What human trafficking is",
        "<p>Human trafficking is the use of force, fraud or coercion to make someone work or perform a "
        "commercial sex act. Anyone under 18 involved in commercial sex is a trafficking victim, "
        "whether or not "
        "force is used. It happens in cities, suburbs and rural towns, to people of every gender and "
        "background, "
        "often at the hands of someone they know: a partner, a relative or an employer.</p>",
    ),
    (
        "signs",
        "Signs to look for",
        "<p>No single sign proves trafficking, but several together are a reason to ask for help:</p><ul>"
        "<li>Someone else controls their money, ID or passport, or their phone.</li>"
        "<li>They cannot come and go freely, or are never alone.</li>"
        "<li>They owe a debt they can never seem to pay off.</li>"
        "<li>They seem fearful, anxious or rehearsed when they talk, or defer to someone else.</li>"
        "<li>They work very long hours, live where they work, or were promised a job that turned out "
        "different.</li>"
        "<li>A young person has an older partner, unexplained gifts or money, or signs of physical "
        "abuse.</li></ul>",
    ),
    (
        "what-to-do",
        "What to do",
        "<p>Do not confront a suspected trafficker or try to rescue someone yourself: it can put "
        "them in more "
        "danger. If someone is in immediate danger, call 911. Otherwise contact the National Human "
        "Trafficking "
        "Hotline. It is confidential, open around the clock and can help in more than 200 languages. You can "
        "report what you saw even if you are not sure.</p>",
    ),
    (
        "survivors",
        "Survivors' perspective",
        "<p>Survivors tell us that leaving is only the beginning. Safe housing, trauma-informed "
        "counseling and a "
        "steady job with fair pay matter as much as the exit itself. Believe survivors, respect "
        "their choices "
        "and their privacy, and never share their story without their consent.</p>",
    ),
]


def _education_page() -> EducationPage:
    body = []
    for anchor, heading, html in EDUCATION_SECTIONS:
        body.append(("section", {"heading": heading, "anchor": anchor, "body": RichText(html)}))
    body.append(("hotline", None))
    return EducationPage(
        title="Get educated",
        slug="get-educated",
        show_in_menus=True,
        search_description="Learn what human trafficking is, the signs to look for and what to do.",
        intro="Trafficking hides in plain sight. Learning the signs, and what to do when you see "
        "them, is how "
        "ordinary people help stop it.",
        body=body,
    )


def _impact_page() -> ImpactPage:
    return ImpactPage(
        title="Our impact",
        slug="impact",
        show_in_menus=True,
        intro="These figures are computed live from our fund ledger, from settled sales and gifts "
        "net of refunds.",
        body=[
            _paragraph(
                "<p>Every sale and every gift is split between funds by published rules: survivor wages, "
                "counseling, mental-health therapy, care management, materials and operations.</p>"
            ),
        ],
    )


def _form_page(*, title, slug, purpose, intro, fields) -> FormPage:
    page = FormPage(
        title=title,
        slug=slug,
        purpose=purpose,
        intro=intro,
        thank_you_text="<p>Thank you. A member of our team will reply within two working days.</p>",
        to_address="hello@localhost",
        subject=f"New {title.lower()} message",
    )
    page.form_fields = [
        FormField(sort_order=index, label=label, field_type=field_type, required=required, choices=choices)
        for index, (label, field_type, required, choices) in enumerate(fields)
    ]
    return page


def _settings(site: Site) -> None:
    organisation = OrganisationSettings.for_site(site)
    if not organisation.legal_name:
        organisation.short_name = "Hope Works"
        organisation.legal_name = "Hope Works Collective, Inc. (fictional demo organisation)"
        organisation.ein = "12-3456789"
        organisation.mailing_address = "PO Box 0000\nSpringfield, ST 00000"
        organisation.contact_email = "hello@localhost"
        organisation.receipt_signatory_name = "Dana Example"
        organisation.receipt_signatory_title = "Executive Director"
        organisation.footer_disclosure = (
            "Hope Works Collective, Inc. is a 501(c)(3) nonprofit; gifts are tax-deductible as "
            "allowed by law. "
            "A copy of our latest financial report and registration filed with the state may be obtained by "
            "contacting us. Registration does not imply endorsement, approval or recommendation by "
            "the state. "
            "(Demo text: replace with the notices your states require.)"
        )
        organisation.save()
    site_settings = SiteSettings.for_site(site)
    if not site_settings.hotline_phone:
        site_settings.tagline = "Handmade by survivors. Every purchase pays a fair wage."
        site_settings.hotline_heading = "National Human Trafficking Hotline"
        site_settings.hotline_text = (
            "If you or someone you know may be a victim of trafficking, the hotline is free, "
            "confidential and "
            "open 24 hours a day, in more than 200 languages."
        )
        site_settings.default_social_image = _demo_image("Demo: warehouse event")
        site_settings.hotline_phone = "1-888-373-7888"
        site_settings.hotline_sms = "233733"
        site_settings.emergency_text = "In immediate danger? Call 911."
        site_settings.social_links = [
            ("social", {"platform": "instagram", "url": "https://www.instagram.com/", "label": ""}),
            ("social", {"platform": "linkedin", "url": "https://www.linkedin.com/", "label": ""}),
        ]
        site_settings.save()


def seed(*, stdout) -> None:
    home = _home_page(stdout=stdout)
    site = Site.objects.get(root_page=home)
    _settings(site)
    _child(home, _about_page(), stdout=stdout)
    education = _child(home, _education_page(), stdout=stdout)
    impact = _child(home, _impact_page(), stdout=stdout)
    _child(
        home,
        _form_page(
            title="Contact",
            slug="contact",
            purpose=FormPage.Purpose.CONTACT,
            intro="<p>Questions about an order, a gift or partnering with us? Write to us here.</p>",
            fields=[
                ("Your name", "singleline", True, ""),
                ("Email", "email", True, ""),
                ("Message", "multiline", True, ""),
            ],
        ),
        stdout=stdout,
    )
    # Hosting inquiries are a community workflow now (community/demo.py seeds /host-an-event/).
    changed = False
    if home.hero_cta_page_id is None:
        home.hero_cta_page = impact
        changed = True
    if not home.body:
        home.body = _home_body(education=education, impact=impact)
        changed = True
    if changed:
        home.save_revision().publish()


def _home_body(*, education: Page, impact: Page) -> list:
    """Live ledger figures and the two ways in, so the home page shows what the site is for."""
    return [
        (
            "stats",
            {
                "heading": "What your purchases and gifts have funded",
                "intro": "Counted from settled sales and gifts, net of refunds.",
                "fund_slugs": "",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Learn the signs of trafficking",
                "text": "Most victims are never asked the right question. Learn what to look for and "
                "who to call.",
                "button_label": "Get educated",
                "link": {"page": education, "url": ""},
            },
        ),
        (
            "call_to_action",
            {
                "heading": "See where every dollar goes",
                "text": "Each sale and gift is split between survivor wages, counseling and care by "
                "published rules.",
                "button_label": "Our impact",
                "link": {"page": impact, "url": ""},
            },
        ),
    ]


# The footer's "Explore" column: every journey the header has no room for (by slug, where seeded).
FOOTER_LINK_SLUGS = [
    ("About us", "about"),
    ("Contact us", "contact"),
    ("Host an event", "host-an-event"),
    ("Hope Gala", "hope-gala"),
    ("Circle of Sisters", "circle-of-sisters"),
    ("Band of Brothers", "band-of-brothers"),
    ("Give", "give"),
]


def seed_links(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    site_settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    if site_settings.footer_links:
        return  # an editor's footer is left alone
    pages = {page.slug: page for page in home.get_children().live()}
    links = [
        ("link", {"label": label, "page": pages[slug], "url": ""})
        for label, slug in FOOTER_LINK_SLUGS
        if slug in pages
    ]
    if links:
        site_settings.footer_links = links
        site_settings.save()
        stdout.write(f"  footer links: {len(links)}")
