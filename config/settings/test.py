"""Test settings: fast hashing, in-memory email, immediate tasks, no real Stripe."""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off unless a test turns it on: most tests change rows directly, not through the flows that clear it.
PAGE_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default="/tmp/hopeworks-test-media")
# Tests configure keys per case; the demo gateway stays available with DEBUG off.
PAYMENTS_DEMO = True
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
SHOW_DEMO_LOGIN = False
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"
# Static files come from the finders; nothing is collected in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
