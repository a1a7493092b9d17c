from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Catalogue, cart, checkout, orders and gift boxes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shop"
    verbose_name = "Shop"
