"""Receivers for Wagtail's and Django's own signals (never another app's)."""

from wagtail.models import Page

from cms import services


def page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        services.navigation_invalidate()
