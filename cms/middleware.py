"""Content-Security-Policy with one scoped relaxation for Wagtail's admin."""

from csp.middleware import CSPMiddleware, PolicyParts

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
