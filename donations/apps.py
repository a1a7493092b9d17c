from django.apps import AppConfig


class DonationsConfig(AppConfig):
    """Gifts, recurring giving, campaigns and receipts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "donations"
    verbose_name = "Donations"

    def ready(self):
        # Cached donation pages show the campaign (goal, dates) and the funds offered; event pages
        # their approved sponsors; circle pages their listed members. Money settling clears them
        # through the ledger (ledger.cache.impact_cache_clear).
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import page_cache_clear_on_commit
        from donations.models import Campaign, CircleMembership, Designation, Sponsor

        for model in (Campaign, Designation, Sponsor, CircleMembership):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache_clear_on_commit,
                    sender=model,
                    dispatch_uid=f"donations.page_cache.{model.__name__}",
                )
