"""The public impact figures' cache: one key, a short lifetime, cleared whenever the books change."""

from django.conf import settings
from django.core.cache import cache

IMPACT_FIGURES_KEY = "ledger:impact-figures:v1"


def impact_cache_seconds() -> int:
    return int(getattr(settings, "LEDGER_IMPACT_CACHE_SECONDS", 300))


def impact_cache_clear() -> None:
    cache.delete(IMPACT_FIGURES_KEY)
