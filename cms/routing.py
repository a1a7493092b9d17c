"""Wagtail's routing of a page URL, remembered in the shared cache.

Routing a URL costs Wagtail a site lookup and two queries per level of the tree (the child by slug,
then its specific page), about a third of an uncached catalogue view. The result (the site and the
specific page with its parents, as Wagtail's `route()` left them) depends only on the host, the path
and the pages, so it is stored per host and path and used only while both of these are unchanged:

- the page cache's generation, which staff publishing, moving or deleting a page, editing a site or
  its settings starts anew on commit, in every worker (core/page_cache.py);
- the route epoch, moved at once by the same changes (`routes_invalidate`), so a change shows even
  before it commits (and in tests, whose transactions never commit).

Only successful routes of GET/HEAD requests are kept: a 404 is routed afresh (no cache flooding with
junk paths). What Wagtail checks after routing (view restrictions, the page's own `serve`) still
runs on every request.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page

from core import page_cache

EPOCH_KEY = "cms.routing.epoch"
KEY_PREFIX = "cms.routing.route:"
ROUTE_SECONDS = 60 * 60
MAX_PATH = 512


def routes_invalidate() -> None:
    cache.set(EPOCH_KEY, uuid.uuid4().hex, None)


def _key(request, path: str) -> str:
    raw = f"{request._get_raw_host()}|{request.get_port()}|{translation.get_language()}|{path}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def route_with_cache(request, path: str) -> None:
    """Leave Wagtail's routing result on the request (as `Page.route_for_request` does), from the
    shared cache when it is current."""
    if request.method not in ("GET", "HEAD") or len(path) > MAX_PATH:
        return
    key = _key(request, path)
    found = cache.get_many([page_cache.GENERATION_KEY, EPOCH_KEY, key])
    generation, epoch, entry = page_cache.page_cache_generation(found), found.get(EPOCH_KEY), found.get(key)
    if entry is not None and generation is not None and entry["version"] == (generation, epoch):
        request._wagtail_site = entry["site"]
        request._wagtail_route_for_request = entry["route"]
        return
    route = Page.route_for_request(request, path)  # Wagtail's own routing, cached on the request
    if route is not None and generation is not None:
        site = getattr(request, "_wagtail_site", None)
        cache.set(key, {"version": (generation, epoch), "site": site, "route": route}, ROUTE_SECONDS)


def serve(request, path):
    """Wagtail's page view, with the routing read from the shared cache when it can be."""
    from wagtail import views as wagtail_views  # loads the page model: not at import (cms.services)

    route_with_cache(request, path)
    return wagtail_views.serve(request, path)
