"""Demo content for the CMS: the home page and the pages around it. Idempotent (matched by slug/title).

Existing pages are left alone on a second run so an editor's changes survive `seed_demo`.
"""

import os

from wagtail.models import Page, Site

from cms.demo.images import demo_image
from cms.demo.pages import HERO_ALT, about_page, education_page, form_page, home_body, impact_page
from cms.models import FormPage, HomePage, OrganisationSettings, SiteSettings
from core.demo_pages import published_child


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
            hero_image=demo_image("Demo: workshop bench"),
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
        site_settings.default_social_image = demo_image("Demo: warehouse event")
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
    published_child(home, about_page(), stdout=stdout)
    education = published_child(home, education_page(), stdout=stdout)
    impact = published_child(home, impact_page(), stdout=stdout)
    published_child(
        home,
        form_page(
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
    # Hosting inquiries are a community workflow now (community/demo seeds /host-an-event/).
    changed = False
    if home.hero_cta_page_id is None:
        home.hero_cta_page = impact
        changed = True
    if not home.body:
        home.body = home_body(education=education, impact=impact)
        changed = True
    if changed:
        home.save_revision().publish()


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
