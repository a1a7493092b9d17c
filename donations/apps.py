from django.apps import AppConfig


class DonationsConfig(AppConfig):
    """Gifts, recurring giving, campaigns and receipts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "donations"
    verbose_name = "Donations"
