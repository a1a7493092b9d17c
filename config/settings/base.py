"""Settings shared by every environment.

Values come from the environment (django-environ); a local `.env` is read if present.
Nothing outside this package reads secrets at import time: apps read `django.conf.settings`
when they need a value. Two topic modules hold the rest: security.py (login throttle, password
rules, headers, CSP) and project.py (the settings of the project's own apps).
"""

from .environment import BASE_DIR, env
from .project import *
from .security import *

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps (one per area, DESIGN.md section 3); core holds what they share
    "core",
    "cms",
    "shop",
    "donations",
    "community",
    "payments",
    "ledger",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Third party
    "djmoney",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte or another control character in the path or query string gets a 400 here.
    "core.middleware.RefuseControlCharactersMiddleware",
    # Anonymous pages from the shared cache, before anything reads a session (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Emailed links follow the address the visitor used (core/site_url.py).
    "core.site_url.RequestBaseURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp with the one admin-only relaxation Wagtail needs (cms/middleware.py).
    "cms.middleware.AdminScopedCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.BrandedNotFoundMiddleware",
    # Last, as django-axes asks: turns a refused login of a locked-out account or address into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Overrides `messages` (later processors win): no session opened for visitors with none.
                "core.context_processors.messages",
                "core.context_processors.shared_render",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
            "builtins": ["core.templatetags.money"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default; DATABASE_URL switches to PostgreSQL (or anything django-environ parses).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers on one file: WAL lets readers run beside a writer, IMMEDIATE takes the
    # write lock at BEGIN (no upgrade deadlocks) and the timeout makes writers wait, not fail.
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    # One connection per request here: runserver starts a thread per request, and persistent
    # connections there exhaust PostgreSQL's max_connections (production.py keeps them).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Sessions live in the database, so a lost cache entry never loses a cart or a login; core.sessions
# only drops Django's look-up before each new session's insert. cached_db on the database cache was
# measured: twice the queries for a new session and none saved on a read (bench/README.md).
SESSION_ENGINE = "core.sessions"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Customer uploads awaiting approval (gift box logos, proofs): never under MEDIA_URL, served to staff
# through a permission-checked view only.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-not-served/"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Hope Works <hello@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
STAFF_ALERT_EMAILS = env.list("STAFF_ALERT_EMAILS", default=["staff@localhost"])

# --- Background tasks (django_tasks API; django.tasks in Django 6) --------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Hope Works")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A private section's password form in the site's own layout (Wagtail's default is a bare page).
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "core/password_required.html"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOGIN_URL = "wagtailadmin_login"
# No Gravatar: staff email hashes stay in-house and the admin's CSP needs no third-party images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Money ----------------------------------------------------------------------------------
DEFAULT_CURRENCY = "USD"
CURRENCIES = ("USD",)
CURRENCY_CHOICES = [("USD", "US Dollar")]
SHOP_CURRENCIES = env.list("SHOP_CURRENCIES", default=["USD"])

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task state change drowns the console; failures still log at WARNING+.
        "django_tasks": {"level": "WARNING"},
        # The stripe library logs whole API responses (names, emails, addresses, card details) at
        # DEBUG: never below INFO, whatever LOG_LEVEL says (and quieter when LOG_LEVEL is).
        "stripe": {"level": LOG_LEVEL if LOG_LEVEL in ("WARNING", "ERROR", "CRITICAL") else "INFO"},
    },
}
