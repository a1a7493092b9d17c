from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from cms import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
