from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Wagtail pages, blocks, site settings and navigation."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Site content"
