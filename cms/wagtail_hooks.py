"""Admin integration: who may read form submissions."""

from wagtail import hooks
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

from cms.models.forms import FORM_SUBMISSIONS_PERMISSION


@hooks.register("filter_form_submissions_for_user")
def submissions_by_permission_not_page_rights(user, editable_forms):
    """Submissions are personal data: they follow `view_formsubmission` (Development), not page edit
    rights, so Editors who build the forms never read what visitors sent."""
    if not user.has_perm(FORM_SUBMISSIONS_PERMISSION):
        return editable_forms.none()
    if user.is_superuser:
        return editable_forms
    return Page.objects.filter(content_type__in=get_form_types())
