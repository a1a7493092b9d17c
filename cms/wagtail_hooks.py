"""Admin integration: who may read form submissions."""

from django.conf import settings
from wagtail import hooks
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

from cms.models.forms import FORM_SUBMISSIONS_PERMISSION
from core import page_cache


@hooks.register("filter_form_submissions_for_user")
def submissions_by_permission_not_page_rights(user, editable_forms):
    """Submissions are personal data: they follow `view_formsubmission` (Development), not page edit
    rights, so Editors who build the forms never read what visitors sent."""
    if not user.has_perm(FORM_SUBMISSIONS_PERMISSION):
        return editable_forms.none()
    if user.is_superuser:
        return editable_forms
    return Page.objects.filter(content_type__in=get_form_types())


@hooks.register("before_serve_page")
def allow_shared_page_cache(page, request, serve_args, serve_kwargs):
    """Pages listed in PAGE_CACHE_PAGE_TYPES, without view restrictions, may be served from the shared
    cache to anonymous visitors (core/page_cache.py decides per response whether it is safe)."""
    if not page_cache.is_shared_render(request) or page_cache.page_cache_seconds() <= 0:
        return
    if page._meta.label_lower in settings.PAGE_CACHE_PAGE_TYPES and not page.get_view_restrictions():
        page_cache.page_cache_allow(request)
