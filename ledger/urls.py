from django.urls import path

from . import views

urlpatterns = [
    path("api/impact/", views.impact_api, name="ledger_impact_api"),
]
