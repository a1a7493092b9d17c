"""Refuse requests whose path or query string carries control characters, before any view runs.

No page of the site takes a NUL byte or another control character in its address, and PostgreSQL
refuses NUL in text outright (a 500 wherever such a value reached a query). Tab, CR and LF stay
allowed in query values (pasted search text); nothing else below U+0020, nor DEL.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def address_is_clean(request) -> bool:
    if CONTROL_IN_PATH.search(request.path_info) or CONTROL_IN_PATH.search(request.path):
        return False
    for key, values in request.GET.lists():
        if CONTROL_IN_QUERY.search(key) or any(CONTROL_IN_QUERY.search(value) for value in values):
            return False
    return True


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not address_is_clean(request):
            logger.info("refused a request with control characters in its address")
            # The page needs neither the database nor a context processor.
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)
