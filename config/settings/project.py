"""Settings of the project's own apps (payments, ledger, core, cms, donations, community, shop).

Imported by base.py. Apps read these through `django.conf.settings` at call time, never at import.
"""

from .environment import env

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

# --- Cross-area hand-offs (through PAYMENTS_HANDLERS, typed values of payments/types/) ---------
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
# Whole pages for anonymous visitors (core/page_cache.py): kept this long in the shared cache (0 turns
# it off), cleared on publish, stock moves and settled money; a CDN may keep them PAGE_CACHE_CDN_SECONDS
# (s-maxage), browsers PAGE_CACHE_BROWSER_SECONDS. Page types listed here opt in.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=60)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=0)
# Each worker keeps the pages it served last in memory up to this many bytes (checked against the
# shared generation on every hit, so never stale); 0 turns that copy off.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=4 * 1024 * 1024)
PAGE_CACHE_PAGE_TYPES = [
    "cms.homepage",
    "cms.standardpage",
    "cms.educationpage",
    "cms.impactpage",
    "shop.shopindexpage",
    "shop.categorypage",
    "shop.productpage",
    "shop.giftsofhopeindexpage",
    "donations.donationpage",
]
# How many reverse proxies append to X-Forwarded-For in front of the app; 0 trusts only REMOTE_ADDR.
# Every throttle in the project keys on this client address (core.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("CMS_TRUSTED_PROXY_COUNT", default=0))
# Minimum seconds between showing a public form and sending it, unless the form names its own setting.
ANTIBOT_MIN_SECONDS = env.int("ANTIBOT_MIN_SECONDS", default=3)

# --- CMS (public site) ----------------------------------------------------------------------
# Public form pages: submissions per client address (django-ratelimit rate) and minimum fill time.
CMS_FORM_RATE = env("CMS_FORM_RATE", default="5/10m")
CMS_FORM_MIN_SECONDS = env.int("CMS_FORM_MIN_SECONDS", default=3)
# Under DEBUG, show the site's own 404 page instead of Django's technical one (local.py turns it on).
CMS_BRANDED_404_IN_DEBUG = False
# seed_demo creates the demo admin account only where an environment turns this on (local.py).
SHOW_DEMO_LOGIN = False

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
