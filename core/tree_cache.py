"""Values derived from the page tree (a URL's route, a section's product count), remembered in the
shared cache while the tree is unchanged.

An entry records the version it was built under and is used only while both parts are current:

- the page cache's generation, which staff publishing, moving or deleting a page, editing a site,
  its settings or a view restriction starts anew on commit, in every worker (core/page_cache.py);
- the tree epoch, moved at once by the same page and site changes (`tree_epoch_move`), so a change
  shows even before it commits (and in tests, whose transactions never commit).

With a cache that cannot keep the generation (dummy, down) nothing is stored or served: every
call builds afresh.

Small values never changed in place (a count, the chrome) can be kept in the worker's own memory
instead (`tree_cached_local`):
the version read once per request (by the routing's lookup, which every page view makes first) is
then enough, with no further cache round trip.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache

from core import page_cache

EPOCH_KEY = "core.tree_cache.epoch"
LOCAL_ENTRIES = 1024


class _RequestVersion(threading.local):
    version: tuple | None = None


_request = _RequestVersion()
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


def tree_version_forget(*args, **kwargs) -> None:
    """Read the version afresh from here on (a request starts, the tree changed)."""
    _request.version = None


def tree_epoch_move() -> None:
    cache.set(EPOCH_KEY, uuid.uuid4().hex, None)
    tree_version_forget()


def _version_from(found: dict) -> tuple:
    version = (page_cache.page_cache_generation(found), found.get(EPOCH_KEY))
    _request.version = version
    return version


def tree_cached(key: str, build, *, seconds: int, keep=lambda value: True):
    """The value stored at `key` under the current version, else `build()`'s, stored when `keep` says
    so (one cache round trip on a hit)."""
    found = cache.get_many([page_cache.GENERATION_KEY, EPOCH_KEY, key])
    version = _version_from(found)
    entry = found.get(key)
    if version[0] is not None and entry is not None and entry["version"] == version:
        return entry["value"]
    value = build()
    if version[0] is not None and keep(value):
        cache.set(key, {"version": version, "value": value}, seconds)
    return value


def tree_cached_local(key: str, build):
    """Like `tree_cached`, kept in this worker's memory (the newest LOCAL_ENTRIES): for small values
    that are never changed in place. Each worker builds a value once per version."""
    version = _request.version
    if version is None:
        version = _version_from(cache.get_many([page_cache.GENERATION_KEY, EPOCH_KEY]))
    with _local_lock:
        entry = _local.get(key)
        if entry is not None and entry[0] == version:
            _local.move_to_end(key)
            return entry[1]
    value = build()
    if version[0] is not None:
        with _local_lock:
            _local[key] = (version, value)
            _local.move_to_end(key)
            while len(_local) > LOCAL_ENTRIES:
                _local.popitem(last=False)
    return value
