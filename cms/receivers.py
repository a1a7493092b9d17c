"""Receivers for Wagtail's and Django's own signals (never another app's)."""

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site

from cms import services
from core import page_cache
from core.tree_cache import tree_epoch_move

# Wagtail fills these in lazily on an image's first use (a rendition, its size): nothing shown changes.
IMAGE_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def page_changed(sender, instance=None, update_fields=None, **kwargs):
    if isinstance(instance, AbstractImage) and update_fields and update_fields <= IMAGE_BOOKKEEPING_FIELDS:
        return
    if isinstance(instance, Page | Site):
        # The menu, a route or the footer's links changed.
        services.navigation_invalidate()
    elif isinstance(instance, BaseSiteSetting | AbstractImage) and not kwargs.get("created"):
        # The chrome's settings or default share image changed. (A settings row made on first use,
        # with its defaults, is what the chrome was just built from: nothing to forget.)
        services.chrome_invalidate()
    elif isinstance(instance, BaseViewRestriction):
        # Which sections are private (the listings' filter, each route's restriction check) changed.
        tree_epoch_move()
    if isinstance(instance, Page | Site | BaseSiteSetting | BaseViewRestriction):
        # Published, unpublished, moved, deleted, a site's host or root changed, the header and
        # footer's settings edited, or a section made private or public again.
        page_cache.page_cache_clear_on_commit()
