"""The site's chrome (header menu, footer, the default share image, the organisation's short name),
rendered once and shared by every worker through Django's cache.

An entry records the page cache's generation it was built under and is used only while that
generation is current: the same invalidation as whole pages (staff publish, settings edited, money
settled), in every worker at once. Publishing or editing settings also deletes the entries at once
(`chrome_invalidate`), so a change shows on the next view even before the generation moves on
commit. One cache read per page view; nothing personal is ever stored (the chrome has no cart, no
message, no token).
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from core import page_cache

CHROME_SECONDS = 24 * 60 * 60


def chrome_cache_key(site_id: int, year: int) -> str:
    # The footer's copyright line shows the year.
    return f"cms:chrome:{site_id}:{year}"


def chrome_invalidate(*, site_ids: list[int]) -> None:
    year = timezone.localdate().year
    cache.delete_many([chrome_cache_key(site_id, year) for site_id in site_ids])


def chrome_for(*, site: Site, build) -> dict:
    """The cached chrome of `site`, or `build()`'s, stored under the current generation."""
    key = chrome_cache_key(site.pk, timezone.localdate().year)
    found = cache.get_many([page_cache.GENERATION_KEY, key])
    entry = found.get(key)
    generation = page_cache.page_cache_generation(found)
    if generation is not None and entry is not None and entry["generation"] == generation:
        return entry["chrome"]
    chrome = build()
    if generation is not None:
        cache.set(key, {"generation": generation, "chrome": chrome}, CHROME_SECONDS)
    return chrome
