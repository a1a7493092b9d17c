from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """Funds, double-entry postings, allocation rules and reports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "Ledger"

    def ready(self):
        # Rules (and their shares) and funds are edited in several admin screens and by the demo
        # seed: whichever saved them, cached previews and the pages showing them are recomputed.
        from django.db.models.signals import post_delete, post_save

        from ledger.cache import impact_cache_clear_on_commit
        from ledger.models import AllocationRule, AllocationShare, Fund

        for model in (AllocationRule, AllocationShare, Fund):
            for signal in (post_save, post_delete):
                signal.connect(
                    impact_cache_clear_on_commit, sender=model, dispatch_uid=f"ledger.impact.{model.__name__}"
                )
