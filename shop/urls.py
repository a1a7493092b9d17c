from django.urls import path

from shop import gift_company_views, gift_proof_views, gift_views, views

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
    path("gifts/start/", gift_views.gift_start, name="gift_start"),
    path("gifts/box/<int:box_id>/estimate/", gift_views.gift_estimate, name="gift_estimate"),
    path(
        "gifts/recipients-template.csv", gift_views.gift_recipients_template, name="gift_recipients_template"
    ),
    path("gifts/<str:token>/customise/", gift_views.gift_customise, name="gift_customise"),
    path("gifts/<str:token>/recipients/", gift_views.gift_recipients, name="gift_recipients"),
    path("gifts/<str:token>/review/", gift_views.gift_review, name="gift_review"),
    path("gifts/<str:token>/reopen/", gift_views.gift_reopen, name="gift_reopen"),
    path("gifts/proof/<str:token>/", gift_proof_views.gift_proof, name="gift_proof"),
    path("gifts/impact/<str:token>/", gift_company_views.company_impact, name="gift_company"),
    path("gifts/impact/<str:token>/<int:year>/", gift_company_views.company_impact, name="gift_company_year"),
    path(
        "gifts/impact/<str:token>/<int:year>/certificate.pdf",
        gift_company_views.company_certificate,
        name="gift_company_certificate",
    ),
    path("gifts/proof/<str:token>/image/", gift_proof_views.gift_proof_image, name="gift_proof_image"),
    path("gifts/staff/logo/<int:pk>/", gift_proof_views.staff_logo, name="gift_staff_logo"),
]
