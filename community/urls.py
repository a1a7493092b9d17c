from django.urls import path

from community.views import pledges, training, volunteering

app_name = "community"

urlpatterns = [
    path("training/verify/", training.certificate_verify, name="certificate_verify_form"),
    path("training/verify/<str:code>/", training.certificate_verify, name="certificate_verify"),
    path("training/certificate/<str:code>.pdf", training.certificate_pdf, name="certificate_pdf"),
    path("training/resume/<str:token>/", training.training_resume, name="training_resume"),
    path("pledge/business/<str:token>/", pledges.pledge_manage, name="pledge_manage"),
    path(
        "pledge/business/<str:token>/certificate.pdf",
        pledges.pledge_certificate_pdf,
        name="pledge_certificate",
    ),
    path("pledge/join/<str:code>/", pledges.pledge_join, name="pledge_join"),
    path("pledge/invite/<str:token>/", pledges.pledge_invite, name="pledge_invite"),
    path("volunteer/signup/<str:token>/", volunteering.signup_manage, name="signup_manage"),
    path("volunteer/signup/<str:token>/cancel/", volunteering.signup_cancel, name="signup_cancel"),
    path("volunteer/signup/<str:token>/accept/", volunteering.signup_accept, name="signup_accept"),
    path("volunteer/signup/<str:token>/work-day.ics", volunteering.signup_ics, name="signup_ics"),
]
