"""Template context that keeps anonymous pages shareable (core/page_cache.py)."""

from django.contrib.messages.constants import DEFAULT_LEVELS
from django.contrib.messages.context_processors import messages as django_messages

from core import page_cache


def messages(request):
    """Django's messages, read from their storage only when the visitor can have some.

    Reading the storage opens the session (and makes the response vary on cookies) for every visitor;
    a visitor with neither a session nor a message cookie has only what this request queued."""
    storage = getattr(request, "_messages", None)
    if not page_cache.is_shared_render(request):
        return django_messages(request)
    if getattr(storage, "_queued_messages", None):
        page_cache.page_cache_refuse(request)  # a message shown is personal: never share the page
        return django_messages(request)
    return {"messages": (), "DEFAULT_MESSAGE_LEVELS": DEFAULT_LEVELS}


def shared_render(request):
    """`shared_render` is true while a page is rendered for any anonymous visitor: no CSRF token, no
    user bar, nothing read from a session."""
    return {"shared_render": page_cache.is_shared_render(request)}
