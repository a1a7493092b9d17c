"""The pages the CMS demo adds under the home page (about, education, impact, contact) and the home
page's own body. Each builder returns an unsaved page; the seeder adds it once, matched by slug."""

from wagtail.models import Page
from wagtail.rich_text import RichText

from cms.demo.images import demo_image
from cms.models import EducationPage, FormField, FormPage, ImpactPage, StandardPage

HERO_ALT = "Illustration of a woven tote bag, a lit candle and a bar of oat soap on a workbench"


def _paragraph(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def about_page() -> StandardPage:
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
                        "image": demo_image("Demo: candle on a table"),
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


def education_page() -> EducationPage:
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


def impact_page() -> ImpactPage:
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


def form_page(*, title, slug, purpose, intro, fields) -> FormPage:
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


def home_body(*, education: Page, impact: Page) -> list:
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
