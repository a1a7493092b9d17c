"""Settings shared by every environment.

Values come from the environment (django-environ); a local `.env` is read if present.
Nothing outside this package reads secrets at import time: apps read `django.conf.settings`
when they need a value.
"""

import datetime as dt
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

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

# Login throttle (django-axes) for the admin and every other login form. An account and an address
# are each locked after AXES_FAILURE_LIMIT failed passwords, for AXES_COOLOFF_MINUTES; unlock early
# with `manage.py axes_reset_username <name>` / `axes_reset_ip <address>` (README, Security).
# Error pages and ADMINS emails blank any traceback value that contains a configured secret.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.SecretScrubbingFilter"

AUTHENTICATION_BACKENDS = [
    "core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.auth.locked_out_response"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not a log of every staff login
AXES_ENABLE_ADMIN = False  # unlocks are management commands; Django's admin site is not served

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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Wagtail's admin sets inline style attributes; the public site has no inline styles.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Checkout redirects the browser to Stripe's hosted pages after a POST.
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
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
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOGIN_URL = "wagtailadmin_login"

# --- Money ----------------------------------------------------------------------------------
DEFAULT_CURRENCY = "USD"
CURRENCIES = ("USD",)
CURRENCY_CHOICES = [("USD", "US Dollar")]
SHOP_CURRENCIES = env.list("SHOP_CURRENCIES", default=["USD"])

# --- Payments (Stripe) ----------------------------------------------------------------------
# Read by payments/ at call time, never at import. Empty keys mean the demo gateway.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_VERSION = "2026-10-28.endive"
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# Seconds to connect to Stripe and to wait for each answer (stripe-python's own default is 80).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10.0)
STRIPE_WEBHOOK_TOLERANCE = 300
PAYMENTS_DEMO = env.bool("PAYMENTS_DEMO", default=False)
PAYMENTS_HANDLERS = {
    "order": "shop.payment_handlers.handler",
    "donation": "donations.payment_handlers.handler",
}
# Processing fee used to gross up "cover the fee" and to estimate demo-mode fees.
PAYMENTS_FEE_RATE = env("PAYMENTS_FEE_RATE", default="0.029")
PAYMENTS_FEE_FIXED = env("PAYMENTS_FEE_FIXED", default="0.30")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task state change drowns the console; failures still log at WARNING+.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Cross-area hand-offs (through PAYMENTS_HANDLERS, typed values of payments/types.py) ---------
# A cart's "add a gift for counseling" line is paid with the order but receipted and booked as a
# donation: the shop hands GiftLinePaid / GiftLineRefunded to this kind's handler.
SHOP_GIFT_LINE_KIND = "donation"

# --- Ledger ---------------------------------------------------------------------------------
# The public impact figures (/api/impact/, impact page, stats block) are cached this long and
# cleared on every posting; browsers and proxies may keep the API response for LEDGER_IMPACT_MAX_AGE.
LEDGER_IMPACT_CACHE_SECONDS = env.int("LEDGER_IMPACT_CACHE_SECONDS", default=300)
LEDGER_IMPACT_MAX_AGE = env.int("LEDGER_IMPACT_MAX_AGE", default=60)
# Where `ledger_audit` reads what each domain stored about its settled payments: callables taking
# `since` (a date or None) and yielding ledger.types.PaymentSnapshot (the ledger imports no domain).
LEDGER_AUDIT_SNAPSHOTS = [
    "shop.ledger_audit.payment_snapshots",
    "donations.ledger_audit.payment_snapshots",
]

# --- Shared (core) ------------------------------------------------------------------------------
# How many reverse proxies append to X-Forwarded-For in front of the app; 0 trusts only REMOTE_ADDR.
# Every throttle in the project keys on this client address (core.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("CMS_TRUSTED_PROXY_COUNT", default=0))
# Minimum seconds between showing a public form and sending it, unless the form names its own setting.
ANTIBOT_MIN_SECONDS = env.int("ANTIBOT_MIN_SECONDS", default=3)

# --- CMS (public site) ----------------------------------------------------------------------
# Public form pages: submissions per client address (django-ratelimit rate) and minimum fill time.
CMS_FORM_RATE = env("CMS_FORM_RATE", default="5/10m")
CMS_FORM_MIN_SECONDS = env.int("CMS_FORM_MIN_SECONDS", default=3)
# No Gravatar: staff email hashes stay in-house and the admin's CSP needs no third-party images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Payments (payments app) ------------------------------------------------------------------
# The stripe library logs whole API responses (names, emails, addresses, card details) at DEBUG;
# keep it at INFO whatever LOG_LEVEL says.
LOGGING["loggers"]["stripe"] = {"level": "INFO"}

# --- Donations (donations app) ----------------------------------------------------------------
# Online gift limits in dollars (the minimum also blunts card testing), and the currencies accepted.
DONATIONS_MIN_AMOUNT = env("DONATIONS_MIN_AMOUNT", default="5.00")
DONATIONS_MAX_AMOUNT = env("DONATIONS_MAX_AMOUNT", default="25000.00")
DONATIONS_CURRENCIES = ("USD",)
# Card-testing defence: checkout starts per client address and per email (django-ratelimit rates),
# the minimum seconds between showing and sending the form, and the staff alert on a burst of declines.
DONATIONS_RATE_LIMIT_IP = env("DONATIONS_RATE_LIMIT_IP", default="10/h")
DONATIONS_RATE_LIMIT_EMAIL = env("DONATIONS_RATE_LIMIT_EMAIL", default="5/h")
DONATIONS_MIN_FILL_SECONDS = env.int("DONATIONS_MIN_FILL_SECONDS", default=3)
DONATIONS_DECLINE_ALERT_THRESHOLD = env.int("DONATIONS_DECLINE_ALERT_THRESHOLD", default=10)
DONATIONS_DECLINE_WINDOW_SECONDS = env.int("DONATIONS_DECLINE_WINDOW_SECONDS", default=900)
# Donor portal: magic links are single use and expire after this many minutes; the signed-in
# session lasts this many seconds.
DONATIONS_PORTAL_LINK_MINUTES = env.int("DONATIONS_PORTAL_LINK_MINUTES", default=60)
DONATIONS_PORTAL_SESSION_SECONDS = env.int("DONATIONS_PORTAL_SESSION_SECONDS", default=7200)
# Absolute links in donor emails; empty uses WAGTAILADMIN_BASE_URL, then the default Site.
DONATIONS_SITE_URL = env("DONATIONS_SITE_URL", default="")
# Fallbacks for receipts when the CMS organisation settings leave a field empty.
DONATIONS_ORGANISATION = {
    "legal_name": env("DONATIONS_LEGAL_NAME", default=""),
    "ein": env("DONATIONS_EIN", default=""),
}

# --- Community (training, pledges, volunteer days, inquiries) ------------------------------------
# Public community forms (pledges, sign-ups, inquiries, invites, resume links): posts per client
# address (django-ratelimit rate); quiz answers have their own, looser rate. Minimum fill-in seconds.
COMMUNITY_FORM_RATE = env("COMMUNITY_FORM_RATE", default="10/10m")
COMMUNITY_QUIZ_RATE = env("COMMUNITY_QUIZ_RATE", default="60/10m")
COMMUNITY_MIN_SECONDS = env.int("COMMUNITY_MIN_SECONDS", default=3)
# Training resume links stay valid this many days; shift reminders go out this many hours ahead;
# someone on a waitlist has this many hours to accept a freed place.
COMMUNITY_RESUME_LINK_DAYS = env.int("COMMUNITY_RESUME_LINK_DAYS", default=60)
COMMUNITY_REMINDER_HOURS = env.int("COMMUNITY_REMINDER_HOURS", default=48)
COMMUNITY_WAITLIST_OFFER_HOURS = env.int("COMMUNITY_WAITLIST_OFFER_HOURS", default=24)
# Who hears about new hosting/pop-up/speaker inquiries (empty: STAFF_ALERT_EMAILS); absolute links.
COMMUNITY_INQUIRY_EMAILS = env.list("COMMUNITY_INQUIRY_EMAILS", default=[])
COMMUNITY_SITE_URL = env("COMMUNITY_SITE_URL", default="")

# --- Shop -----------------------------------------------------------------------------------
# Card testing: checkout sessions per client address and per email (django-ratelimit rates; a
# 429 page beyond them), and the least time a person needs between opening the cart and paying.
SHOP_CHECKOUT_RATE_IP = env("SHOP_CHECKOUT_RATE_IP", default="10/10m")
SHOP_CHECKOUT_RATE_EMAIL = env("SHOP_CHECKOUT_RATE_EMAIL", default="5/10m")
SHOP_CHECKOUT_MIN_SECONDS = env.int("SHOP_CHECKOUT_MIN_SECONDS", default=2)
