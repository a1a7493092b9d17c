"""Content-Security-Policy with one scoped relaxation for Wagtail's admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render

ADMIN_PREFIX = "/admin/"


class AdminScopedCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; under /admin/ also 'unsafe-inline' scripts.

    Wagtail 8's admin still writes small inline scripts (page editor, dropdowns, choosers); without
    this it cannot publish. The public site, where visitors' data is entered, stays on
    `script-src 'self'`.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts


class BrandedNotFoundMiddleware:
    """With DEBUG on (the demo), Django answers a missing page with its technical 404; a visitor of
    the demo should see the site's own page. Only when `CMS_BRANDED_404_IN_DEBUG` is set (local)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and settings.CMS_BRANDED_404_IN_DEBUG
            and "text/html" in response.get("Content-Type", "")
            and not request.path_info.startswith(("/admin/", settings.STATIC_URL, settings.MEDIA_URL))
        ):
            return render(request, "404.html", status=404)
        return response
