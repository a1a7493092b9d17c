"""Admin integration: who may read form submissions."""

from wagtail import hooks

FORM_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


@hooks.register("filter_form_submissions_for_user")
def only_staff_with_submission_access(user, editable_forms):
    """Submissions are personal data: editing a form page is not enough to read them."""
    if user.has_perm(FORM_SUBMISSIONS_PERMISSION):
        return editable_forms
    return editable_forms.none()
