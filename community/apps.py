from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Pledges, volunteer days and event-hosting inquiries."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community"
