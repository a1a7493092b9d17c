from django.urls import path

from donations import views

app_name = "donations"

urlpatterns = [
    path("giving/thank-you/", views.thanks, name="thanks"),
    path("giving/<int:page_id>/give/", views.donation_give, name="give"),
    path("giving/amount-preview/", views.amount_preview, name="amount_preview"),
    path("giving/portal/", views.portal, name="portal"),
    path("giving/portal/enter/<str:token>/", views.portal_enter, name="portal_enter"),
    path("giving/portal/sign-out/", views.portal_sign_out, name="portal_sign_out"),
    path("giving/portal/receipts/<str:number>.pdf", views.portal_receipt_pdf, name="portal_receipt_pdf"),
    path("giving/portal/statements/<int:year>.pdf", views.portal_statement_pdf, name="portal_statement_pdf"),
    path(
        "giving/portal/recurring/<str:reference>/change/",
        views.portal_recurring_change,
        name="portal_recurring_change",
    ),
    path(
        "giving/portal/recurring/<str:reference>/cancel/",
        views.portal_recurring_cancel,
        name="portal_recurring_cancel",
    ),
    path(
        "giving/portal/recurring/<str:reference>/card/", views.portal_card_update, name="portal_card_update"
    ),
]
