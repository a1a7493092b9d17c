"""StreamField blocks for lessons and quizzes. Blocks hold content; grading lives in `community.quiz`."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from core import blocks as core_blocks

LESSON_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]


class FigureBlock(core_blocks.FigureBlock):
    class Meta:
        template = "community/blocks/figure.html"


class VideoLinkBlock(core_blocks.VideoLinkBlock):
    thumbnail = None  # lesson videos are plain links

    class Meta:
        template = "community/blocks/video_link.html"


class SurvivorPerspectiveBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="A survivor's perspective")
    quote = blocks.TextBlock(max_length=2000)
    attribution = blocks.CharBlock(
        max_length=120,
        help_text="Only the display name the survivor consented to; never a real name or location.",
    )
    reflection = blocks.RichTextBlock(required=False, features=LESSON_TEXT_FEATURES)

    class Meta:
        icon = "openquote"
        template = "community/blocks/survivor_perspective.html"


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Remember")
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "community/blocks/key_points.html"


LESSON_BODY_BLOCKS = [
    (
        "heading",
        blocks.CharBlock(max_length=200, form_classname="title", template="community/blocks/heading.html"),
    ),
    ("paragraph", blocks.RichTextBlock(features=LESSON_TEXT_FEATURES)),
    ("image", FigureBlock()),
    ("video", VideoLinkBlock()),
    ("survivor_perspective", SurvivorPerspectiveBlock()),
    ("key_points", KeyPointsBlock()),
]


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False, help_text="Tick every right answer.")


class QuizQuestionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(max_length=400)
    kind = blocks.ChoiceBlock(
        choices=[("single", "One right answer"), ("multiple", "Choose all that apply")], default="single"
    )
    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        max_length=1500, help_text="Shown after the learner answers: why the right answers are right."
    )

    def clean(self, value):
        value = super().clean(value)
        right = sum(1 for choice in value["choices"] if choice["correct"])
        if right == 0:
            message = ValidationError("Mark at least one choice as right.")
            raise StructBlockValidationError(block_errors={"choices": message})
        if value["kind"] == "single" and right != 1:
            message = ValidationError("A one-answer question needs exactly one right choice.")
            raise StructBlockValidationError(block_errors={"choices": message})
        return value

    class Meta:
        icon = "help"
        label = "Question"
