"""Local development: `make run`. SQLite, console email, immediate tasks, demo payments."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo gateway may run because DEBUG is on; production needs PAYMENTS_DEMO=1 explicitly.
SHOW_DEMO_LOGIN = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# runserver serves static files from the app folders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
