"""One "gunicorn worker" for test_shared_cache: serves a page through the page cache middleware under
the production settings, and answers `get` / `clear` lines on stdin."""

import itertools
import json
import os
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from core.page_cache import PageCacheMiddleware, page_cache_allow, page_cache_clear  # noqa: E402

renders = itertools.count()


def view(request):
    page_cache_allow(request)
    return HttpResponse(f"rendered by {os.getpid()} #{next(renders)}", content_type="text/html")


middleware = PageCacheMiddleware(view)
print(json.dumps({"backend": settings.CACHES["default"]["BACKEND"], "pid": os.getpid()}), flush=True)
for line in sys.stdin:
    if line.strip() == "get":
        response = middleware(RequestFactory().get("/shop/"))
        print(json.dumps({"status": response["X-Page-Cache"], "body": response.content.decode()}), flush=True)
    elif line.strip() == "clear":
        page_cache_clear()
        print(json.dumps({"cleared": True}), flush=True)
