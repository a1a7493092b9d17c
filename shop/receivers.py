"""Django auth's login signal folds a visitor's cart into their saved one (within the shop only)."""

from shop import services


def merge_cart_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.cart_merge_on_login(session=request.session, user=user)
