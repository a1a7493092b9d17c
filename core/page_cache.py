"""Whole-page cache for anonymous visitors, shared by every worker through Django's cache.

Only a GET from a visitor with no session and no message cookie is looked up or stored, and only
for pages that opted in (`page_cache_allow`, called by a page's serve hook). A response is stored
only when rendering it set no cookie and did not vary on cookies: a page that showed a cart, a
message, a CSRF token or anything read from the session fails that test and is never shared.

Invalidation is one generation number: every entry records the generation read *before* it was
rendered, and `page_cache_clear()` (staff publish, stock moves, settled money) starts a new one,
so an entry rendered from data older than the last change is never served, by any worker.

Forms on shared pages carry a per-visitor anti-bot start token (core.antibot): the stored page
holds a placeholder and every response, hit or miss, gets a freshly minted token.

Each worker also keeps the entries it served last in memory (PAGE_CACHE_LOCAL_BYTES): a hit on one
of them reads only the generation from the shared cache, so it skips fetching and unpickling the
page, and it is never served once the generation has moved on.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "core.page_cache.generation"
KEY_PREFIX = "core.page_cache.page:"
FILL_ATTRIBUTE = "page_cache_fill"  # this render may be shared: no session, no messages
ALLOW_ATTRIBUTE = "page_cache_allowed"  # the page opted in (and has no view restrictions)
REFUSE_ATTRIBUTE = "page_cache_refused"  # something personal was rendered after all
STATUS_HEADER = "X-Page-Cache"
MESSAGE_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name
MAX_QUERY_STRING = 256  # longer query strings are served uncached: no cache flooding with junk
TOKEN_PLACEHOLDER = "__page_cache_token:{purpose}__"
TOKEN_PATTERN = re.compile(rb"__page_cache_token:([\w.]{1,120})__")
# Set afresh for each response (or per visitor), so never replayed from a stored entry.
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "cache-control", "expires", "content-length", "vary", "x-page-cache"}
)


class _LocalEntries:
    """The entries this worker served last, newest last, within a byte budget (LRU)."""

    def __init__(self):
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # a threaded server shares one instance between requests

    def get(self, key: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        budget = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry["content"])
        with self._lock:
            self._drop(key)
            if size > budget:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > budget:
                self._drop(next(iter(self._entries)))

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry["content"])


_local = _LocalEntries()


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def bypass_cookies() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, MESSAGE_COOKIE)


def request_is_shareable(request) -> bool:
    """A GET that carries nothing personal: no session (so no cart, no login) and no message."""
    return (
        request.method == "GET"
        and not any(name in request.COOKIES for name in bypass_cookies())
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def is_shared_render(request) -> bool:
    """True while rendering a page that may be stored and served to other visitors."""
    return bool(getattr(request, FILL_ATTRIBUTE, False)) and not getattr(request, REFUSE_ATTRIBUTE, False)


def page_cache_allow(request) -> None:
    """Called by a page that may be shared (cms' before_serve_page hook)."""
    setattr(request, ALLOW_ATTRIBUTE, True)


def page_cache_refuse(request) -> None:
    """Called when a render turned out personal (a message queued during this request)."""
    setattr(request, REFUSE_ATTRIBUTE, True)


def page_cache_clear() -> None:
    """Forget every cached page, in every worker: the next request of each page renders afresh."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def page_cache_clear_on_commit(*args, **kwargs) -> None:
    """Clear once the current transaction commits (a signal receiver too): clearing before the commit
    would let a request render the old data under the new generation and keep it."""
    transaction.on_commit(page_cache_clear)


def token_placeholder(purpose: str) -> str:
    return TOKEN_PLACEHOLDER.format(purpose=purpose)


def _key(request) -> str:
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def page_cache_generation(found: dict) -> str | None:
    """The shared generation from a `cache.get_many` that asked for GENERATION_KEY (so a caller reads
    it with its own keys in one round trip); started on first use; None when the cache cannot keep
    one (a dummy cache, or down). Anything cached under it is void once it moves on."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First use, or the cache lost the key (culled, restarted): any stored page is suspect.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _storable(request, response) -> bool:
    if not getattr(request, ALLOW_ATTRIBUTE, False) or getattr(request, REFUSE_ATTRIBUTE, False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")} - {"", "accept-encoding"}
    cache_control = response.get("Cache-Control", "").lower()
    session = getattr(request, "session", None)
    return (
        not vary
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not (session is not None and session.accessed)
        and response.get("Content-Type", "").startswith("text/html")
    )


def _with_fresh_tokens(content: bytes, *, has_tokens: bool = True) -> tuple[bytes, bool]:
    from core import antibot  # antibot asks this module whether a render is shared

    if not has_tokens:
        return content, False
    found = False

    def mint(match) -> bytes:
        nonlocal found
        found = True
        return antibot.started_token(purpose=match.group(1).decode()).encode()

    return TOKEN_PATTERN.sub(mint, content), found


def _tokens_filled(response):
    """Every response rendered as shareable gets its placeholders filled, stored or not (cache off,
    or a page that did not opt in): a fresh token per visitor, so no shared copy downstream either."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response
    content, found = _with_fresh_tokens(response.content)
    if found:
        response.content = content
        response["Content-Length"] = str(len(content))
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _finish(response, *, status: str, has_tokens: bool = True):
    content, personal = _with_fresh_tokens(response.content, has_tokens=has_tokens)
    response.content = content
    response["Content-Length"] = str(len(content))
    if personal:
        # A fresh single-use token per visitor: a CDN must not hand one visitor's copy to another;
        # this server's cache still answers it without rendering.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
        )
    response[STATUS_HEADER] = status
    return response


class PageCacheMiddleware:
    """Serves opted-in anonymous pages from the shared cache; place it before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_shareable(request):
            return self.get_response(request)
        # Rendered for anyone: templates leave out the CSRF token and the user bar, read no session.
        setattr(request, FILL_ATTRIBUTE, True)
        if page_cache_seconds() <= 0:
            return _tokens_filled(self.get_response(request))
        key = _key(request)
        local = _local.get(key)
        # With a local copy only the generation is read; otherwise the page comes in the same query.
        found = cache.get_many([GENERATION_KEY] if local is not None else [GENERATION_KEY, key])
        generation = page_cache_generation(found)
        if generation is None:
            # Nothing can be checked against a change: render every time, keep nothing.
            _local.discard(key)
            return _tokens_filled(self.get_response(request))
        entry = found.get(key)
        if local is not None:
            if local["generation"] == generation:
                entry = local
            else:
                _local.discard(key)
                entry = cache.get(key)
        if entry is not None and entry["generation"] == generation:
            if entry is not local:
                _local.put(key, entry)
            response = HttpResponse(entry["content"], status=entry["status"])
            for name, value in entry["headers"]:
                response[name] = value
            return _finish(response, status="hit", has_tokens=entry.get("tokens", True))
        response = self.get_response(request)
        if not _storable(request, response):
            return _tokens_filled(response)
        stored = {
            "generation": generation,
            "status": response.status_code,
            "content": response.content,
            "tokens": TOKEN_PATTERN.search(response.content) is not None,
            "headers": [
                (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
            ],
        }
        cache.set(key, stored, page_cache_seconds())
        _local.put(key, stored)
        return _finish(response, status="miss")
