"""Thin public views: search and robots.txt (pages are served by Wagtail)."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from cms import selectors


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[: selectors.SEARCH_QUERY_MAX_LENGTH]
    results = selectors.search_pages(
        query=query, site=Site.find_for_request(request), page_number=request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "cms/search.html",
        {"search_query": query, "results": results, "query_string": urlencode({"q": query})},
    )


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
