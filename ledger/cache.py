"""The public impact figures' cache: one key, a short lifetime, cleared whenever the books change."""

from django.conf import settings
from django.core.cache import cache

from core import page_cache

IMPACT_FIGURES_KEY = "ledger:impact-figures:v1"


def impact_cache_seconds() -> int:
    return int(getattr(settings, "LEDGER_IMPACT_CACHE_SECONDS", 300))


def impact_cache_clear() -> None:
    """Called on commit of every posting and fund edit: the figures and every cached page showing
    them (campaign progress, impact lines) are recomputed."""
    cache.delete(IMPACT_FIGURES_KEY)
    page_cache.page_cache_clear()
