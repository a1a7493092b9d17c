from django.urls import path

from donations import views, views_circles, views_portal, views_sponsors

app_name = "donations"

urlpatterns = [
    path("giving/thank-you/", views.thanks, name="thanks"),
    path("giving/<int:page_id>/give/", views.donation_give, name="give"),
    path("giving/amount-preview/", views.amount_preview, name="amount_preview"),
    path("giving/portal/", views_portal.portal, name="portal"),
    path("giving/portal/enter/<str:token>/", views_portal.portal_enter, name="portal_enter"),
    path("giving/portal/sign-out/", views_portal.portal_sign_out, name="portal_sign_out"),
    path(
        "giving/portal/receipts/<str:number>.pdf",
        views_portal.portal_receipt_pdf,
        name="portal_receipt_pdf",
    ),
    path(
        "giving/portal/statements/<int:year>.pdf",
        views_portal.portal_statement_pdf,
        name="portal_statement_pdf",
    ),
    path(
        "giving/portal/recurring/<str:reference>/change/",
        views_portal.portal_recurring_change,
        name="portal_recurring_change",
    ),
    path(
        "giving/portal/recurring/<str:reference>/cancel/",
        views_portal.portal_recurring_cancel,
        name="portal_recurring_cancel",
    ),
    path(
        "giving/portal/recurring/<str:reference>/card/",
        views_portal.portal_card_update,
        name="portal_card_update",
    ),
    # Sponsors (signed links) and circles (leaders, joining, members' choices)
    path("giving/sponsor/<str:token>/", views_sponsors.sponsor_home, name="sponsor_home"),
    path(
        "giving/sponsor/<str:token>/impact-statement.pdf",
        views_sponsors.sponsor_statement_pdf,
        name="sponsor_statement_pdf",
    ),
    path("giving/sponsors/<int:pk>/logo/", views_sponsors.sponsor_logo, name="sponsor_logo"),
    path("giving/circles/lead/", views_circles.lead_home, name="circle_lead"),
    path("giving/circles/lead/enter/<str:token>/", views_circles.lead_enter, name="circle_lead_enter"),
    path("giving/circles/lead/sign-out/", views_circles.lead_sign_out, name="circle_lead_sign_out"),
    path("giving/circles/lead/<int:circle_id>/", views_circles.lead_circle, name="circle_lead_circle"),
    path(
        "giving/circles/lead/<int:circle_id>/members/", views_circles.lead_members, name="circle_lead_members"
    ),
    path("giving/circles/lead/<int:circle_id>/invite/", views_circles.lead_invite, name="circle_lead_invite"),
    path("giving/circles/<int:circle_id>/join/<str:key>/", views_circles.join, name="circle_join"),
    path(
        "giving/circles/confirm/<int:membership_id>/<str:key>/",
        views_circles.join_confirm,
        name="circle_join_confirm",
    ),
    path("giving/portal/circles/", views_circles.portal_circles, name="portal_circles"),
    path(
        "giving/portal/circles/<int:membership_id>/",
        views_circles.portal_circle_consent,
        name="portal_circle_consent",
    ),
]
