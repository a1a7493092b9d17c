"""Receivers for Wagtail's and Django's own signals (never another app's)."""

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from cms import services
from core import page_cache


def page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page | BaseSiteSetting | AbstractImage):
        # The menu, or the chrome's settings, footer links or default share image changed.
        services.navigation_invalidate()
    if isinstance(instance, Page | BaseSiteSetting):
        # Published, unpublished, moved, deleted, or the header and footer's settings edited.
        page_cache.page_cache_clear_on_commit()
