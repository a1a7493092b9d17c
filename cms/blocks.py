"""StreamField blocks for the public pages.

Blocks hold content only; the stats and promo blocks ask selectors (cms, shop, donations) for live
figures, prices and stock at render time so nothing on the site is typed in by hand.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from cms import selectors
from core import blocks as core_blocks

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading (h3)")],
        default="h2",
        help_text="Keep headings in order: a sub-heading follows a section heading.",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class FigureBlock(core_blocks.FigureBlock):
    class Meta:
        template = "cms/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="For a survivor's words use only the display name they consented to, never a real name.",
    )

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class LinkTargetBlock(blocks.StructBlock):
    """A link to a page on this site or to an external address (exactly one)."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="External URL")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = ValidationError("Choose a page or enter an external URL (one, not both).")
            raise StructBlockValidationError(block_errors={"page": message})
        return value


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=500)
    button_label = blocks.CharBlock(max_length=60)
    link = LinkTargetBlock()

    class Meta:
        icon = "pick"
        template = "cms/blocks/call_to_action.html"


class VideoLinkBlock(core_blocks.VideoLinkBlock):
    class Meta:
        template = "cms/blocks/video_link.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200)
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/faq.html"


class StatsBlock(blocks.StructBlock):
    """Live totals from the ledger: what sales and gifts have funded so far."""

    heading = blocks.CharBlock(required=False, max_length=200, default="Your impact so far")
    intro = blocks.TextBlock(required=False, max_length=500)
    fund_slugs = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Optional: fund slugs to show, comma separated (e.g. survivor-wages, counseling). "
        "Empty shows every fund that has an impact figure.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        slugs = [slug.strip() for slug in (value.get("fund_slugs") or "").split(",") if slug.strip()]
        context["figures"] = selectors.impact_figures_for_display(slugs=slugs or None)
        return context

    class Meta:
        icon = "table"
        template = "cms/blocks/stats.html"


class ProductPromoBlock(blocks.StructBlock):
    """Up to four chosen products as cards; unpublished or private products are left out."""

    heading = blocks.CharBlock(required=False, max_length=200)
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="shop.ProductPage"),
        min_num=1,
        max_num=4,
        help_text="Up to four products. Unpublished products are not shown.",
    )

    def get_context(self, value, parent_context=None):
        from shop import selectors as shop_selectors  # here, not at the top: cms models load before shop's

        context = super().get_context(value, parent_context=parent_context)
        product_ids = [product.pk for product in value.get("products") or [] if product is not None]
        request = (parent_context or {}).get("request")
        context["products"] = shop_selectors.products_for_promo(product_ids=product_ids, request=request)
        return context

    class Meta:
        icon = "tag"
        template = "cms/blocks/product_promo.html"


class DonationPromoBlock(blocks.StructBlock):
    """Points to a donation page with its campaign's live progress; hidden while the page is not live."""

    page = blocks.PageChooserBlock(page_type="donations.DonationPage")
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=500)
    button_label = blocks.CharBlock(max_length=60, default="Give now")

    def get_context(self, value, parent_context=None):
        from donations import selectors as donations_selectors  # cms models load before donations'

        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        context["donation_page"] = page if page is not None and page.live else None
        context["progress"] = None
        if context["donation_page"] is not None and page.show_progress and page.campaign is not None:
            context["progress"] = donations_selectors.campaign_progress(campaign=page.campaign)
        return context

    class Meta:
        icon = "success"
        template = "cms/blocks/donation_promo.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    video_link = VideoLinkBlock()
    faq = FaqBlock()
    stats = StatsBlock()
    product_promo = ProductPromoBlock()
    donation_promo = DonationPromoBlock()


class HotlineCalloutBlock(blocks.StaticBlock):
    """Places the hotline call-out (text and numbers come from the site settings)."""

    class Meta:
        icon = "warning"
        admin_text = "Shows the hotline call-out from Settings > Site settings."
        template = "cms/blocks/hotline_callout.html"


class EducationSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    anchor = blocks.RegexBlock(
        regex=r"^[a-z0-9-]*$",
        required=False,
        max_length=60,
        error_messages={"invalid": "Use lower-case letters, digits and hyphens only."},
        help_text="Optional short id for the table of contents, e.g. signs",
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/education_section.html"


class EducationStreamBlock(BodyStreamBlock):
    section = EducationSectionBlock()
    hotline = HotlineCalloutBlock()
