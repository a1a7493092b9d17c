"""The site's chrome (header menu, footer, the default share image, the organisation's short name),
built once per version of the page tree in each worker and kept in its memory.

An entry is used only while the tree's version is current (core/tree_cache.py): the page cache's
generation, moved on commit by staff publishing, settings edits and settled money, in every worker,
and the tree epoch, which publishing or editing settings moves at once (cms.services), so a
change shows on the next view even before the commit. It costs no cache read of its own (the
version was read for the route); nothing personal is ever stored (the chrome has no cart, no
message, no token).
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Site

from core.tree_cache import tree_cached_local


def chrome_for(*, site: Site, build) -> dict:
    """The kept chrome of `site` (the footer's copyright line shows the year), or `build()`'s."""
    return tree_cached_local(("cms.chrome", site.pk, timezone.localdate().year), build)
