"""The course staff write (course and lesson pages with quizzes) and what learners earn."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from community.blocks import LESSON_BODY_BLOCKS, QuizQuestionBlock

from .common import NAME_MAX_LENGTH, random_code, random_token, validate_person_name

HOME_PAGE = "cms.HomePage"


class CoursePage(Page):
    """The training course: its lessons are the child pages, in the order the page tree gives them."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Per cent of a lesson's questions a learner must answer right to pass its quiz.",
    )
    certificate_title = models.CharField(
        max_length=150,
        default="Human trafficking awareness training",
        help_text="Printed on the certificate under the learner's name.",
    )
    completion_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("pass_mark"),
        FieldPanel("certificate_title"),
        FieldPanel("completion_text"),
    ]

    parent_page_types = [HOME_PAGE]
    subpage_types = ["community.LessonPage"]
    template = "community/course_page.html"

    class Meta:
        verbose_name = "training course"

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from community.views.training import course_page_serve

        return course_page_serve(request, page=self)


class LessonPage(Page):
    summary = models.TextField(blank=True, max_length=500)
    body = StreamField(LESSON_BODY_BLOCKS, help_text="Text, images, video links, the survivor's perspective.")
    quiz = StreamField(
        [("question", QuizQuestionBlock())],
        min_num=1,
        help_text="A short quiz; the learner must pass it (the course's pass mark, or this lesson's).",
    )
    pass_mark_override = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Leave empty to use the course's pass mark.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("quiz"),
        FieldPanel("pass_mark_override"),
    ]

    parent_page_types = ["community.CoursePage"]
    subpage_types = []
    template = "community/lesson_page.html"

    class Meta:
        verbose_name = "training lesson"

    @property
    def course(self) -> CoursePage:
        return CoursePage.objects.get(pk=self.get_parent().pk)

    def pass_mark_for(self, course: CoursePage) -> int:
        return self.pass_mark_override or course.pass_mark

    def serve(self, request, *args, **kwargs):
        # Wagtail serves the page through Page.serve; the view imports these models, so it is
        # imported when a page is served.
        from community.views.training import lesson_page_serve

        return lesson_page_serve(request, page=self)


class Learner(models.Model):
    """Someone taking the course without an account: the session (or a signed resume link) holds `key`."""

    key = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="learners")
    pledge = models.ForeignKey(
        "community.Pledge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learners",
        help_text="The business whose invite link the learner came through.",
    )
    email = models.EmailField(blank=True, help_text="Only if the learner asked for a resume link.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Learner {self.pk}"


class LessonPass(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="passes")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    passed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="community_one_pass_per_lesson")
        ]

    def __str__(self):
        return f"{self.learner} passed {self.lesson_id}"


class QuizAttempt(models.Model):
    """One submitted quiz. `nonce` comes from the rendered form, so a replayed POST is the same attempt."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson", "nonce"], name="community_attempt_once")
        ]

    def __str__(self):
        return f"{self.learner} attempt at {self.lesson_id}: {self.correct}/{self.total}"


class Certificate(models.Model):
    code = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="certificate")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="certificates")
    pledge = models.ForeignKey(
        "community.Pledge", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, validators=[validate_person_name])
    email = models.EmailField(blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # An employee counts once toward their business, however many times they take the course.
            models.UniqueConstraint(
                fields=["pledge", "email"],
                condition=models.Q(pledge__isnull=False),
                name="community_certificate_once_per_pledge_email",
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"
