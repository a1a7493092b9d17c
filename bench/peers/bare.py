"""Baseline 1: a bare Django view returning a constant response (the stack's limit on this machine).

gunicorn --chdir <repo> bench.peers.bare:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-bare-peer",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )


def hello(request):
    return HttpResponse("Hello from a bare Django view.", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
