from django.urls import path

from shop import views

app_name = "shop"

urlpatterns = [
    path("shop/cart/", views.cart_detail, name="cart"),
    path("shop/cart/add/", views.cart_add, name="cart_add"),
    path("shop/cart/update/", views.cart_update, name="cart_update"),
    path("shop/cart/remove/", views.cart_remove, name="cart_remove"),
    path("shop/cart/gift/", views.cart_gift, name="cart_gift"),
    path("shop/checkout/", views.checkout, name="checkout"),
    path("shop/checkout/success/", views.checkout_success, name="checkout_success"),
    path("shop/checkout/cancel/<str:token>/", views.checkout_cancel, name="checkout_cancel"),
    path("shop/orders/<str:token>/", views.order_status, name="order_status"),
]
