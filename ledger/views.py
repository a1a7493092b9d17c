"""Public, read-only views of the ledger: only aggregated fund figures, never people."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from . import selectors

FUND_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILTER_FUNDS = 20


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _money(money) -> dict:
    return {"amount": str(money.amount), "currency": str(money.currency)}


@require_safe
def impact_api(request):
    """GET /api/impact/: every public fund's settled total and impact units.

    Optional `?fund=slug` (repeatable or comma separated) narrows the list; any other parameter is
    ignored. A malformed or unknown slug is a 400 with a JSON error.
    """
    requested = [part for value in request.GET.getlist("fund") for part in value.split(",") if part]
    if len(requested) > MAX_FILTER_FUNDS:
        return _error(f"Ask for at most {MAX_FILTER_FUNDS} funds.")
    if any(len(slug) > 64 or not FUND_SLUG.match(slug) for slug in requested):
        return _error("fund must be a fund slug: lowercase letters, digits and hyphens.")
    figures = selectors.impact_figures()
    if requested:
        known = {figure.fund_slug for figure in figures}
        unknown = sorted(set(requested) - known)
        if unknown:
            return _error(f"Unknown fund: {', '.join(unknown)}.")
        figures = [figure for figure in figures if figure.fund_slug in requested]
    payload = {
        "funds": [
            {
                "slug": figure.fund_slug,
                "name": figure.fund_name,
                "total": _money(figure.total),
                "impact": (
                    {
                        "units": str(figure.units),
                        "unit_label": figure.unit_label,
                        "text": figure.phrase,
                        "unit_cost": _money(figure.unit_cost),
                    }
                    if figure.units is not None
                    else None
                ),
            }
            for figure in figures
        ]
    }
    response = JsonResponse(payload)
    patch_cache_control(response, public=True, max_age=settings.LEDGER_IMPACT_MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
