from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Catalogue, cart, checkout, orders and gift boxes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shop"
    verbose_name = "Shop"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from shop.receivers import merge_cart_on_login

        user_logged_in.connect(merge_cart_on_login, dispatch_uid="shop.merge_cart_on_login")
