from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("payments/demo/portal/<str:token>/", views.demo_portal, name="demo_portal"),
    path("payments/demo/<str:session_id>/", views.demo_pay, name="demo_pay"),
]
