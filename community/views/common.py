"""What every community view shares: the throttle and its 429 page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.response import TemplateResponse

from core.throttle import throttled_by_ip

logger = logging.getLogger("community")


def throttled(request, *, group: str, rate: str | None = None) -> bool:
    return throttled_by_ip(request, group=f"community:{group}", rate=rate or settings.COMMUNITY_FORM_RATE)


def too_many(request) -> TemplateResponse:
    logger.warning("Community form throttled")
    return TemplateResponse(request, "community/rate_limited.html", {}, status=429)


def render_page(request, page, extra: dict, *, status: int = 200) -> TemplateResponse:
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)
