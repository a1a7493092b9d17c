"""Form pages built in the admin (contact, event-hosting inquiries), protected against spam.

Submissions hold personal data: only groups with `wagtailforms.view_formsubmission`
(Development) see them; see `wagtail_hooks.filter_form_submissions_for_user`.
"""

import datetime as dt

import django.forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from cms import services, spam
from cms.blocks import RICH_TEXT_FEATURES

MULTILINE_MAX_LENGTH = 5000
# Numbers on these forms count things (guests, people): whole, at least one, within reason.
NUMBER_MIN, NUMBER_MAX = 1, 100_000
# A date asked for is a date to come (an event, a visit), within two years.
DATE_MAX_DAYS_AHEAD = 731
FORM_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


class LimitedFormBuilder(FormBuilder):
    """Wagtail's builder with a length limit on every free-text field."""

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        options.setdefault("widget", django.forms.Textarea(attrs={"rows": 6}))
        return django.forms.CharField(**options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        return django.forms.EmailField(**options)

    def create_number_field(self, field, options):
        options["min_value"], options["max_value"] = NUMBER_MIN, NUMBER_MAX
        options["widget"] = django.forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"})
        options["help_text"] = options.get("help_text") or f"A whole number from {NUMBER_MIN}."
        return django.forms.IntegerField(**options)

    def create_date_field(self, field, options):
        today = timezone.localdate()
        latest = today + dt.timedelta(days=DATE_MAX_DAYS_AHEAD)
        options["validators"] = [MinValueValidator(today), MaxValueValidator(latest)]
        options["widget"] = django.forms.DateInput(
            attrs={"type": "date", "min": today.isoformat(), "max": latest.isoformat()}, format="%Y-%m-%d"
        )
        options["help_text"] = options.get("help_text") or "Pick a date from today on."
        return django.forms.DateField(**options)

    def get_form_class(self):
        return type("ProtectedForm", (spam.SpamProtectionMixin, super().get_form_class()), {})


class FormField(AbstractFormField):
    page = ParentalKey("cms.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    class Purpose(models.TextChoices):
        CONTACT = "contact", "Contact"
        EVENT_HOSTING = "event_hosting", "Event-hosting inquiry"
        OTHER = "other", "Other"

    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.CONTACT)
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    submit_label = models.CharField(max_length=40, default="Send")

    form_builder = LimitedFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("purpose"),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                # The email carries what visitors sent, so only staff allowed to read submissions
                # (Development) may choose where it goes; for Editors these fields are not in the
                # form at all (field-level permission), not merely hidden.
                FieldRowPanel(
                    [
                        FieldPanel("from_address", permission=FORM_SUBMISSIONS_PERMISSION),
                        FieldPanel("to_address", permission=FORM_SUBMISSIONS_PERMISSION),
                    ]
                ),
                FieldPanel("subject", permission=FORM_SUBMISSIONS_PERMISSION),
            ],
            heading="Notification email to staff",
        ),
    ]
    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "form page"

    def get_submissions_list_view_class(self):
        # Imported here: Wagtail's admin views need the app registry, which models load before.
        from cms.submissions_export import FormulaSafeSubmissionsListView

        return FormulaSafeSubmissionsListView

    def get_form(self, *args, **kwargs):
        # Binds the anti-bot token to the visitor's session (when they have one); see serve().
        return super().get_form(*args, request=getattr(self, "_serving_request", None), **kwargs)

    def serve(self, request, *args, **kwargs):
        self._serving_request = request  # the page instance is loaded afresh for every request
        if request.method == "POST" and spam.form_rate_limited(request):
            context = self.get_context(request)
            return TemplateResponse(request, "cms/too_many_requests.html", context, status=429)
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        return services.form_submission_record(page=self, form=form)

    def send_mail(self, form):
        services.form_submission_notify(page=self, form=form)
