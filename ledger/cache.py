"""The public impact figures' cache: one key, a short lifetime, cleared whenever the books change."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core import page_cache

IMPACT_FIGURES_KEY = "ledger:impact-figures:v1"
# Previews ("funds about 1.5 hours of survivor wages") are cached under this version: new rules, a
# fund's impact unit, or any posting start a new one.
PREVIEW_VERSION_KEY = "ledger:impact-preview-version:v1"


def impact_cache_seconds() -> int:
    return settings.LEDGER_IMPACT_CACHE_SECONDS


def impact_cache_clear() -> None:
    """Called on commit of every posting and fund edit: the figures and every cached page showing
    them (campaign progress, impact lines) are recomputed."""
    cache.delete_many([IMPACT_FIGURES_KEY, PREVIEW_VERSION_KEY])
    page_cache.page_cache_clear()


def impact_cache_clear_on_commit(*args, **kwargs) -> None:
    """A signal receiver for the rule and fund rows the previews are computed from: cleared at once
    (the rest of this transaction sees the change) and again on commit (closing the window where
    another request recomputed from the old rows)."""
    impact_cache_clear()
    transaction.on_commit(impact_cache_clear)


def preview_version() -> str:
    version = cache.get(PREVIEW_VERSION_KEY)
    if version is None:
        cache.add(PREVIEW_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(PREVIEW_VERSION_KEY) or ""
    return version
