"""Spam protection for form pages: the shared anti-bot checks and a per-address rate limit.

The rate limit uses django-ratelimit's counter in the default cache (share it between app servers in
production). Client addresses follow `core.client_ip` (`TRUSTED_PROXY_COUNT`).
"""

from django.conf import settings

from core import antibot
from core.throttle import throttled_by_ip

# Form-builder pages may have a question called "website", so their check fields have their own names.
HONEYPOT_FIELD = "hp_fax_number"
TOKEN_FIELD = "form_started"


def form_rate_limited(request) -> bool:
    """Count one submission from this address; True once it is over `CMS_FORM_RATE`."""
    return throttled_by_ip(request, group="cms.form-submissions", rate=settings.CMS_FORM_RATE)


class SpamProtectionMixin(antibot.HumanCheckMixin):
    honeypot_field_name = HONEYPOT_FIELD
    started_field_name = TOKEN_FIELD
    min_seconds_setting = "CMS_FORM_MIN_SECONDS"

    @classmethod
    def human_check_purpose(cls) -> str:
        # Every form page shares one generated form class name; the purpose names the kind instead.
        return "cms.form-page"

    def visible_builder_fields(self):
        return self.visible_fields_without_checks()
