from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """Funds, double-entry postings, allocation rules and reports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "Ledger"
