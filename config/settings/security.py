"""Login throttling, password rules, security headers and the Content Security Policy.

Imported by base.py; an environment module overrides a value after `from .base import *`.
"""

import datetime as dt

from .environment import env

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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
