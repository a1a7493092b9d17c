# ruff: noqa: E501  (demo prose and quiz choices read best one per line)
"""The demo training course: four lessons on recognising and reporting trafficking, each with a quiz.

Written from public guidance (the National Human Trafficking Hotline, the DHS Blue Campaign). The
survivor quotes are composites written for the demo, attributed to display names only."""

from wagtail.rich_text import RichText

HOTLINE = "1-888-373-7888"


def _question(prompt, choices, explanation, kind="single"):
    return (
        "question",
        {
            "prompt": prompt,
            "kind": kind,
            "choices": [{"text": text, "correct": correct} for text, correct in choices],
            "explanation": explanation,
        },
    )


def _p(html):
    return ("paragraph", RichText(html))


LESSONS = [
    {
        "title": "What human trafficking is",
        "slug": "what-trafficking-is",
        "summary": "Force, fraud or coercion: the legal meaning, the two main forms, and common myths.",
        "body": [
            _p(
                "<p>Human trafficking is the use of <b>force, fraud or coercion</b> to make someone provide labour "
                "or services, or to engage in a commercial sex act. Under U.S. law, anyone under 18 who is induced "
                "into commercial sex is a victim of trafficking, whether or not force, fraud or coercion is used.</p>"
            ),
            ("heading", "Two main forms"),
            _p(
                "<ul><li><b>Sex trafficking</b>: in escort services, illicit massage businesses, online "
                "advertisements, hotels or on the street.</li><li><b>Labour trafficking</b>: in farms, "
                "restaurants, construction, factories, domestic work, travelling sales crews and more.</li></ul>"
            ),
            ("heading", "Myths that hide it"),
            _p(
                "<p>Trafficking does not require moving someone across a border; it happens in the victim's own "
                "town. Most victims are not kidnapped by strangers: traffickers are often partners, family "
                "members or employers who exploit trust, debt, immigration status or addiction. Victims may have "
                "ID, a phone and a job, and may not call themselves victims at all.</p>"
            ),
            (
                "survivor_perspective",
                {
                    "heading": "A survivor's perspective",
                    "quote": "He was my boyfriend first. By the time I understood what was happening, I owed him "
                    "for everything: the apartment, the phone, the clothes. Nobody chained me. The debt did.",
                    "attribution": "R., a maker (display name, shared with her consent)",
                    "reflection": RichText(
                        "<p>Control often looks like a relationship or a job. Listen for debt that never shrinks.</p>"
                    ),
                },
            ),
            (
                "video",
                {
                    "title": "Blue Campaign: what is human trafficking?",
                    "url": "https://www.dhs.gov/blue-campaign/what-human-trafficking",
                    "description": "The Department of Homeland Security's short introduction.",
                    "duration": "",
                },
            ),
            (
                "key_points",
                {
                    "heading": "Remember",
                    "points": [
                        "Force, fraud or coercion.",
                        "Any minor in commercial sex is a victim.",
                        "No border crossing is needed.",
                    ],
                },
            ),
        ],
        "quiz": [
            _question(
                "Which three means define trafficking of an adult under U.S. law?",
                [
                    ("Force, fraud or coercion", True),
                    ("Kidnapping, transport and sale", False),
                    ("Debt, travel and false papers", False),
                ],
                "Trafficking of adults is defined by force, fraud or coercion used to obtain labour, services or "
                "commercial sex. Movement is not required.",
            ),
            _question(
                "A 16-year-old is selling sex and says nobody forces her. Is she a trafficking victim?",
                [
                    ("Yes: any minor induced into commercial sex is a victim", True),
                    ("Only if someone uses force", False),
                    ("No, she says it is her choice", False),
                ],
                "For minors, no force, fraud or coercion has to be shown: anyone under 18 in commercial sex is a victim.",
            ),
            _question(
                "Which of these can be forms of human trafficking?",
                [
                    ("Domestic work with wages withheld and passport taken", True),
                    ("A restaurant job paying off a debt that keeps growing", True),
                    ("A legal job the person can leave at any time", False),
                    ("Commercial sex arranged by a controlling partner", True),
                ],
                "Labour and sex trafficking both rely on control. A job someone is free to leave, with fair pay, is not trafficking.",
                kind="multiple",
            ),
        ],
    },
    {
        "title": "Recognising the signs",
        "slug": "recognising-the-signs",
        "summary": "The indicators that, together, suggest someone may be trafficked.",
        "body": [
            _p(
                "<p>No single sign proves trafficking. Several together are a reason to call the hotline for advice. "
                "Look for:</p><ul><li>Someone else holds their ID, passport, money or phone.</li><li>They are "
                "never alone, or someone answers questions for them.</li><li>They owe a debt they cannot pay "
                "off, or work to pay for housing and transport the employer controls.</li><li>They live where "
                "they work, work excessive hours, or were promised a different job.</li><li>They seem fearful, "
                "anxious, rehearsed or avoid eye contact, especially around police.</li><li>Signs of physical "
                "abuse, malnutrition or untreated medical problems.</li><li>A young person with an older partner, "
                "unexplained money, gifts, hotel keys or several phones.</li></ul>"
            ),
            ("heading", "Where you might notice it"),
            _p(
                "<p>Hotel staff, health workers, teachers, drivers, retail and hospitality workers are often the "
                "only outsiders who see a victim. Notice who seems in control of another person's movements.</p>"
            ),
            (
                "survivor_perspective",
                {
                    "heading": "A survivor's perspective",
                    "quote": "A nurse asked me if I felt safe going home. I said yes because he was in the "
                    "waiting room. She gave me a card with the hotline number anyway. I kept it for a year.",
                    "attribution": "L., a maker (display name, shared with her consent)",
                    "reflection": RichText(
                        "<p>A private, kind question can plant the seed that help exists.</p>"
                    ),
                },
            ),
        ],
        "quiz": [
            _question(
                "You notice one sign: a coworker's phone is often checked by her manager. What does that prove?",
                [
                    ("On its own, nothing: look for other signs and ask the hotline for advice", True),
                    ("That she is being trafficked", False),
                    ("That you should confront the manager", False),
                ],
                "No single indicator proves trafficking. Several together, or a gut feeling, are reasons to call the hotline for guidance.",
            ),
            _question(
                "Which are common indicators?",
                [
                    ("Someone else holds their ID or passport", True),
                    ("They cannot come and go freely", True),
                    ("They owe an employer a debt that keeps growing", True),
                    ("They have a savings account", False),
                ],
                "Control of documents, movement and money are classic indicators. Having savings is not.",
                kind="multiple",
            ),
        ],
    },
    {
        "title": "What to do: reporting safely",
        "slug": "reporting-safely",
        "summary": "Who to call, what to say, and why you should never try a rescue yourself.",
        "body": [
            _p(
                f"<p>If someone is in <b>immediate danger, call 911</b>. Otherwise contact the <b>National Human "
                f"Trafficking Hotline</b>: call <b>{HOTLINE}</b>, text <b>233733</b>, or chat online. It is free, "
                "confidential, open 24 hours a day, and answers in more than 200 languages. You do not need to be "
                "sure: the hotline's advocates help you judge what you saw.</p>"
            ),
            ("heading", "What to note"),
            _p(
                "<ul><li>Where and when you saw it; a description of the people and any vehicles.</li><li>What "
                "you saw or heard that concerned you, in their words where possible.</li><li>How to reach you "
                "(or report anonymously).</li></ul>"
            ),
            ("heading", "What not to do"),
            _p(
                "<p>Do not confront a suspected trafficker, follow them, or try to remove a victim yourself: it can "
                "put the victim, and you, in danger. Do not share photos or details on social media.</p>"
            ),
            (
                "key_points",
                {
                    "heading": "Save this number",
                    "points": [
                        f"National Human Trafficking Hotline: {HOTLINE}",
                        "Text 233733",
                        "Immediate danger: 911",
                    ],
                },
            ),
        ],
        "quiz": [
            _question(
                "What is the National Human Trafficking Hotline's number?",
                [(HOTLINE, True), ("1-800-273-8255", False), ("1-888-222-1222", False)],
                f"The hotline is {HOTLINE} (or text 233733). It is confidential and open 24/7.",
            ),
            _question(
                "You believe someone is in danger right now. What do you do first?",
                [
                    ("Call 911", True),
                    ("Confront the person controlling them", False),
                    ("Post about it online", False),
                ],
                "Immediate danger is an emergency: call 911. Never confront a trafficker yourself.",
            ),
            _question(
                "Which are good things to note when you report?",
                [
                    ("Where and when you saw it", True),
                    ("A description of the people involved", True),
                    ("What you heard, in their words", True),
                    ("Your guess of their immigration status", False),
                ],
                "Facts help advocates and law enforcement. Guesses about status are not needed and can cause harm.",
                kind="multiple",
            ),
        ],
    },
    {
        "title": "The survivor's perspective",
        "slug": "survivors-perspective",
        "summary": "Believe, respect choices and privacy, and support long-term recovery.",
        "body": [
            _p(
                "<p>Leaving is the beginning, not the end. Survivors tell us that safe housing, trauma-informed "
                "counseling, legal help and a steady job with fair pay matter as much as the exit itself. Recovery "
                "is not a straight line, and many survivors return to a trafficker before they leave for good.</p>"
            ),
            ("heading", "How to support a survivor"),
            _p(
                "<ul><li>Believe them, and do not ask for proof.</li><li>Let them make their own choices, including "
                "whether to report.</li><li>Protect their privacy: never share a survivor's name, photo or story "
                "without their consent.</li><li>Use person-first language: a survivor, not a victim for life.</li></ul>"
            ),
            (
                "survivor_perspective",
                {
                    "heading": "A survivor's perspective",
                    "quote": "Work gave me a reason to get up in the morning, and people who believed in me. "
                    "The paycheck was mine. That was the first time in six years.",
                    "attribution": "J., a maker (display name, shared with her consent)",
                    "reflection": RichText(
                        "<p>Fair, steady work is part of recovery. That is why our makers are paid a living wage.</p>"
                    ),
                },
            ),
        ],
        "quiz": [
            _question(
                "A survivor does not want to go to the police. What is the respectful response?",
                [
                    ("Respect their choice and tell them where help is available", True),
                    ("Report them anyway", False),
                    ("Stop helping until they report", False),
                ],
                "Survivors decide for themselves. Offer resources (the hotline connects to services) without pressure.",
            ),
            _question(
                "Which support helps long-term recovery?",
                [
                    ("Safe housing", True),
                    ("Trauma-informed counseling", True),
                    ("Fair, steady work", True),
                    ("Sharing their story online to raise awareness", False),
                ],
                "Housing, counseling and fair work rebuild a life. A survivor's story is theirs to share, only with consent.",
                kind="multiple",
            ),
        ],
    },
]
