"""StreamField blocks more than one area uses. Each area subclasses them only to name its own
template (cms/blocks.py, community/blocks.py), so the fields and their checks live here once."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    """An image with required alt text (or an explicit "decorative" choice) and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"


class VideoLinkBlock(blocks.StructBlock):
    """A video shown as a link (no third-party embed, so no tracking scripts and a strict CSP)."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(help_text="Where the video is hosted, e.g. a YouTube or Vimeo address.")
    thumbnail = ImageBlock(required=False)
    description = blocks.TextBlock(required=False, max_length=500)
    duration = blocks.CharBlock(required=False, max_length=20, help_text="For example 4:30")

    def clean(self, value):
        value = super().clean(value)
        try:
            URLValidator(schemes=["https"])(value["url"])
        except ValidationError as error:
            message = ValidationError("Use an https:// address for the video.")
            raise StructBlockValidationError(block_errors={"url": message}) from error
        return value

    class Meta:
        icon = "media"
