"""Production: PostgreSQL, database task workers, SMTP, real Stripe keys.

A deploy sets at least SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see .env.example.
"""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Persistent connections with health checks, for a fixed pool of gunicorn workers: measured
# 1.5-2.7x the throughput of reconnecting per request on PostgreSQL (DESIGN.md section 2). On SQLite
# a new connection re-runs the WAL pragmas, about 3.5 ms: most of a cached page's cost (bench/README.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One cache for every worker and host, so clearing the page, menu or impact cache reaches them all at
# once: CACHE_URL if set, else Redis at REDIS_URL (needs the `redis` package), else the database
# cache (its table is made by `migrate`, core/migrations/0001).
if not env("CACHE_URL", default=""):
    if env("REDIS_URL", default=""):
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": env("REDIS_URL"),
            }
        }
    else:
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "django_cache",
                "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20_000)},
            }
        }

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SHOW_DEMO_LOGIN = False
