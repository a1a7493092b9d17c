"""Wagtail's routing of a page URL, remembered in the shared cache.

Routing a URL costs Wagtail a site lookup and two queries per level of the tree (the child by slug,
then its specific page), about a third of an uncached catalogue view. The result (the site and the
specific page with its parents, as Wagtail's `route()` left them) depends only on the host, the path
and the pages, so it is stored per host and path while the tree is unchanged (core/tree_cache.py:
the page cache's generation, moved on commit, and the tree epoch, moved at once).

Only successful routes of GET/HEAD requests are kept: a 404 is routed afresh (no cache flooding with
junk paths). The entry also says whether any view restriction applies to the page (on it, an
ancestor, or the page an alias copies): when none does, the page's `get_view_restrictions` answers
"none" without Wagtail's two queries; when one does, Wagtail checks the request against it as
always. Adding or removing a restriction moves the tree's epoch at once (cms/receivers.py).
"""

from __future__ import annotations

import hashlib

from django.utils import translation
from wagtail.models import Page

from core.tree_cache import tree_cached

KEY_PREFIX = "cms.routing.route.v3:"  # v3: entries of core.tree_cache (an upgrade ignores older ones)
ROUTE_SECONDS = 60 * 60
MAX_PATH = 512


def _key(request, path: str) -> str:
    raw = f"{request._get_raw_host()}|{request.get_port()}|{translation.get_language()}|{path}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def route_with_cache(request, path: str) -> None:
    """Leave Wagtail's routing result on the request (as `Page.route_for_request` does), from the
    shared cache when it is current."""
    if request.method not in ("GET", "HEAD") or len(path) > MAX_PATH:
        return

    def route():
        found = Page.route_for_request(request, path)  # Wagtail's own routing, cached on the request
        if found is None:
            return None
        restricted = found[0].get_view_restrictions().exists()
        return {"site": getattr(request, "_wagtail_site", None), "route": found, "restricted": restricted}

    entry = tree_cached(
        _key(request, path), route, seconds=ROUTE_SECONDS, keep=lambda found: found is not None
    )
    if entry is not None:
        request._wagtail_site = entry["site"]
        request._wagtail_route_for_request = entry["route"]
        if not entry["restricted"]:
            entry["route"][0].get_view_restrictions = _no_view_restrictions


def _no_view_restrictions():
    return ()


def serve(request, path):
    """Wagtail's page view, with the routing read from the shared cache when it can be."""
    from wagtail import views as wagtail_views  # loads the page model: not at import (cms.services)

    route_with_cache(request, path)
    return wagtail_views.serve(request, path)
