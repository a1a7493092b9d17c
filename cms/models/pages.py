"""Content pages: home, standard, education and impact pages."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyStreamBlock, EducationStreamBlock


class SocialImageMixin(models.Model):
    """An optional image for link previews (Open Graph), edited on the Promote tab."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Falls back to the site's default image.",
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True


class HomePage(SocialImageMixin, Page):  # noqa: DJ008 (Page defines __str__)
    hero_heading = models.CharField(max_length=120, default="Every purchase pays a survivor's wage")
    hero_text = models.TextField(max_length=500, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the image; leave empty if it is decorative."
    )
    hero_cta_label = models.CharField("Hero button label", max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Hero button page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(SocialImageMixin, Page):  # noqa: DJ008 (Page defines __str__)
    intro = models.TextField(max_length=600, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage", "cms.EducationPage", "cms.ImpactPage"]

    class Meta:
        verbose_name = "standard page"


class EducationPage(SocialImageMixin, Page):  # noqa: DJ008 (Page defines __str__)
    """ "Get educated" content: what trafficking is, its signs, what to do, survivors' perspective."""

    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(EducationStreamBlock(), blank=True)
    show_hotline = models.BooleanField(
        default=True, help_text="Show the hotline call-out (from Site settings) at the top of the page."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("show_hotline"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage", "cms.EducationPage"]
    subpage_types = ["cms.EducationPage", "cms.StandardPage"]

    class Meta:
        verbose_name = "education page"

    @property
    def sections(self):
        """Sections with an anchor, for the table of contents."""
        return [block.value for block in self.body if block.block_type == "section" and block.value["anchor"]]


class ImpactPage(SocialImageMixin, Page):  # noqa: DJ008 (Page defines __str__)
    """Live fund figures computed from the ledger, never typed in."""

    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "impact page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = selectors.impact_figures_for_display()
        return context
