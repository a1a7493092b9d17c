"""Site settings editable under Settings in the admin.

Two settings with different audiences: `OrganisationSettings` holds the legal and receipt data
(Development and Finance edit it; Editors cannot), `SiteSettings` holds the public chrome
(hotline, footer and social links) that Editors maintain. Other apps read these in templates as
`settings.cms.OrganisationSettings.legal_name` or at call time through
`apps.get_model("cms", "OrganisationSettings").load(request_or_site=...)`; field names are stable.
"""

from django.core.validators import RegexValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

EIN_VALIDATOR = RegexValidator(r"^\d{2}-\d{7}$", "Enter the EIN as 12-3456789.")
PHONE_VALIDATOR = RegexValidator(r"^[0-9+()\-. ]{3,30}$", "Use digits, spaces and + ( ) - . only.")


@register_setting(icon="doc-full-inverse")
class OrganisationSettings(BaseSiteSetting):
    """Who the organisation legally is: printed on receipts, footers and legal notices."""

    short_name = models.CharField(max_length=80, default="Hope Works", help_text="Shown in page titles.")
    legal_name = models.CharField(max_length=200, blank=True, help_text="As registered with the IRS.")
    ein = models.CharField("EIN", max_length=10, blank=True, validators=[EIN_VALIDATOR])
    mailing_address = models.TextField(blank=True, max_length=500)
    contact_email = models.EmailField(blank=True)
    receipt_signatory_name = models.CharField(max_length=120, blank=True)
    receipt_signatory_title = models.CharField(max_length=120, blank=True)
    footer_disclosure = models.TextField(
        "Footer disclosure",
        blank=True,
        max_length=3000,
        help_text="State charitable-solicitation notice and any other legal text shown in every footer.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("short_name"), FieldPanel("legal_name"), FieldPanel("ein")], heading="Identity"
        ),
        MultiFieldPanel([FieldPanel("mailing_address"), FieldPanel("contact_email")], heading="Contact"),
        MultiFieldPanel(
            [FieldPanel("receipt_signatory_name"), FieldPanel("receipt_signatory_title")],
            heading="Tax receipts",
        ),
        FieldPanel("footer_disclosure"),
    ]

    class Meta:
        verbose_name = "Organisation (legal and receipts)"

    @property
    def receipt_signatory(self) -> str:
        """The signatory's name, under the name the donations app looks up."""
        return self.receipt_signatory_name


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="External URL")

    class Meta:
        icon = "link"


SOCIAL_PLATFORMS = [
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("bluesky", "Bluesky"),
    ("x", "X"),
    ("other", "Other"),
]


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock()
    label = blocks.CharBlock(required=False, max_length=60, help_text="Defaults to the platform's name.")

    class Meta:
        icon = "site"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Public chrome Editors maintain: tagline, hotline call-out, footer and social links."""

    tagline = models.CharField(max_length=200, blank=True)
    hotline_heading = models.CharField(max_length=120, default="Need help or see something?")
    hotline_text = models.TextField(
        blank=True,
        max_length=600,
        help_text="Shown in the hotline call-out on education pages and in the footer.",
    )
    hotline_phone = models.CharField(max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    hotline_sms = models.CharField(
        "Hotline text number", max_length=30, blank=True, validators=[PHONE_VALIDATOR]
    )
    emergency_text = models.CharField(
        max_length=200,
        blank=True,
        default="In immediate danger? Call 911.",
        help_text="Shown with the hotline.",
    )
    footer_links = StreamField([("link", FooterLinkBlock())], blank=True, max_num=20)
    social_links = StreamField([("social", SocialLinkBlock())], blank=True, max_num=12)
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Used for link previews (Open Graph) when a page has no image of its own.",
    )

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("hotline_heading"),
                FieldPanel("hotline_text"),
                FieldPanel("hotline_phone"),
                FieldPanel("hotline_sms"),
                FieldPanel("emergency_text"),
            ],
            heading="Hotline call-out",
        ),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
        FieldPanel("default_social_image"),
    ]

    class Meta:
        verbose_name = "Site settings (hotline, footer, social)"

    @property
    def hotline_phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.hotline_phone if ch.isdigit() or ch == "+")

    @property
    def hotline_sms_href(self) -> str:
        return "sms:" + "".join(ch for ch in self.hotline_sms if ch.isdigit() or ch == "+")
