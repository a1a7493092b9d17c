from django.urls import path, re_path
from wagtail import urls as wagtail_urls
from wagtail.contrib.sitemaps.views import sitemap

from cms import routing, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Wagtail's page view with its routing cached (cms/routing.py). The same pattern and name as
    # Wagtail's own, which stays included after this one for its `_util/` views.
    re_path(
        "^(?!_util/)" + wagtail_urls.serve_pattern.removeprefix("^"), routing.serve, name="wagtail_serve"
    ),
]
