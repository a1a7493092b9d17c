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

        # What the cached shop pages show besides the pages themselves (stock moves by UPDATE call
        # page_cache_clear_on_commit in shop.services.stock).
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import page_cache_clear_on_commit
        from shop.models import Maker, ProductImage, ProductVariant, ShopSettings

        for model in (Maker, ProductImage, ProductVariant, ShopSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache_clear_on_commit, sender=model, dispatch_uid=f"shop.page_cache.{model.__name__}"
                )
