"""StreamField blocks other page types may use (the CMS includes them in its body blocks)."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class CampaignProgressBlock(blocks.StructBlock):
    """A campaign's live progress bar: raised (from the ledger) of goal, and the donor count."""

    campaign = SnippetChooserBlock("donations.Campaign")
    heading = blocks.CharBlock(required=False, max_length=120)
    link = blocks.PageChooserBlock(
        required=False, page_type="donations.DonationPage", help_text="Give button."
    )

    class Meta:
        icon = "pick"
        label = "Campaign progress"
        template = "donations/blocks/campaign_progress.html"

    def get_context(self, value, parent_context=None):
        from donations.selectors import campaign_progress

        context = super().get_context(value, parent_context=parent_context)
        campaign = value.get("campaign")
        context["progress"] = campaign_progress(campaign=campaign) if campaign else None
        return context
