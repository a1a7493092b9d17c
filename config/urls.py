from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; answer with the site's icon.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Each app owns the full paths in its urls.py.
    path("", include("payments.urls")),
    path("", include("ledger.urls")),
    path("", include("shop.urls")),
    path("", include("donations.urls")),
    path("", include("community.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
