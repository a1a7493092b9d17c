"""Local development: `make run`. SQLite, console email, immediate tasks, demo payments."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo gateway may run because DEBUG is on; production needs PAYMENTS_DEMO=1 explicitly.
SHOW_DEMO_LOGIN = True
# The demo shows the site's own 404 page (templates/404.html), not Django's debug page.
CMS_BRANDED_404_IN_DEBUG = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# runserver serves static files from the app folders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# `make run` passes HOST and PORT: emailed links outside a request (webhooks, staff alerts) point at
# the address the demo server listens on; inside a request they follow the request's own address.
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL",
    default=f"http://{env('HOST', default='127.0.0.1')}:{env('PORT', default='8000')}",
)
