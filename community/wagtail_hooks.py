"""Admin for community: pledges, certificates, shifts with rosters, sign-ups and inquiries, grouped
under one "Community" menu. The Community group sees these; Editors see none of them (personal data)."""

from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from community import admin_views
from community.models import Certificate, Inquiry, Pledge, Shift, ShiftSignup
from core.export import FormulaSafeExportMixin
from core.permissions import ReadOnlyPermissionPolicy

# Certificates and sign-ups change only through services (the course, the sign-up flow, the roster).
for _model in (Certificate, ShiftSignup):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model), exact_class=True)


class SafeExportIndexView(FormulaSafeExportMixin, IndexView):
    """A volunteer named "=HYPERLINK(...)" exports as text, not as a formula."""


class RosterColumn(Column):
    def get_value(self, instance):
        url = reverse("community_shift_roster", args=[instance.pk])
        return format_html('<a href="{}">Roster and check-in</a>', url)


class PledgeViewSet(ModelViewSet):
    name = "community_pledges"
    url_prefix = "community/pledges"
    model = Pledge
    icon = "tick-inverse"
    menu_label = "Pledges"
    list_display = ["name", "kind", "email", "city", "headcount", "listed", "created_at"]
    list_filter = ["kind", "listed", "created_at"]
    search_fields = ["name", "email", "contact_name", "city"]
    list_export = ["kind", "name", "contact_name", "email", "city", "headcount", "listed", "created_at"]
    export_filename = "pledges"
    index_view_class = SafeExportIndexView
    form_fields = ["name", "contact_name", "city", "headcount", "listed"]
    copy_view_enabled = False
    inspect_view_enabled = True


class CertificateViewSet(ModelViewSet):
    name = "community_certificates"
    url_prefix = "community/certificates"
    model = Certificate
    icon = "doc-full"
    menu_label = "Certificates"
    list_display = ["code", "name", "email", "pledge", "issued_at"]
    list_filter = ["issued_at", "course"]
    search_fields = ["code", "name", "email"]
    list_export = ["code", "name", "email", "pledge__name", "issued_at"]
    export_filename = "certificates"
    index_view_class = SafeExportIndexView
    form_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = True


class ShiftViewSet(ModelViewSet):
    name = "community_shifts"
    url_prefix = "community/shifts"
    model = Shift
    icon = "date"
    menu_label = "Work day shifts"
    list_display = [
        "task",
        "starts_at",
        "place",
        "capacity",
        RosterColumn("roster", label="Roster"),
    ]
    list_filter = ["published", "starts_at"]
    search_fields = ["task", "place"]
    form_fields = [
        "task",
        "description",
        "starts_at",
        "ends_at",
        "place",
        "capacity",
        "minimum_age",
        "what_to_bring",
        "published",
        "waitlist_enabled",
    ]
    copy_view_enabled = True


class ShiftSignupViewSet(ModelViewSet):
    name = "community_signups"
    url_prefix = "community/signups"
    model = ShiftSignup
    icon = "group"
    menu_label = "Sign-ups"
    list_display = ["name", "shift", "party_size", "status", "checked_in_at", "created_at"]
    list_filter = ["status", "shift", "created_at"]
    search_fields = ["name", "email", "phone", "reference"]
    list_export = [
        "reference",
        "shift",
        "name",
        "email",
        "phone",
        "party_size",
        "status",
        "age_confirmed",
        "waiver_version",
        "created_at",
        "checked_in_at",
    ]
    export_filename = "volunteer-signups"
    index_view_class = SafeExportIndexView
    form_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = True


class InquiryViewSet(ModelViewSet):
    name = "community_inquiries"
    url_prefix = "community/inquiries"
    model = Inquiry
    icon = "mail"
    menu_label = "Inquiries"
    list_display = ["reference", "kind", "name", "event_date", "expected_guests", "status", "created_at"]
    list_filter = ["status", "kind", "event_date", "publish"]
    search_fields = ["reference", "name", "email", "organisation", "event_type"]
    list_export = [
        "reference",
        "kind",
        "status",
        "name",
        "email",
        "phone",
        "organisation",
        "event_date",
        "start_time",
        "end_time",
        "expected_guests",
        "event_type",
        "venue",
        "needs",
        "created_at",
    ]
    export_filename = "inquiries"
    index_view_class = SafeExportIndexView
    form_fields = ["status", "publish", "public_title", "venue"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = admin_views.InquiryInspectView
    inspect_template_name = "community/admin/inquiry_inspect.html"


class CommunityGroup(ViewSetGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 260
    items = (PledgeViewSet, CertificateViewSet, ShiftViewSet, ShiftSignupViewSet, InquiryViewSet)


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityGroup()


@hooks.register("register_admin_urls")
def register_community_admin_urls():
    return [
        path("community/shifts/<int:pk>/roster/", admin_views.shift_roster, name="community_shift_roster"),
        path(
            "community/shifts/<int:pk>/roster.csv",
            admin_views.shift_roster_csv,
            name="community_shift_roster_csv",
        ),
        path(
            "community/shifts/<int:pk>/roster/<int:signup_pk>/check-in/",
            admin_views.shift_roster_check_in,
            name="community_shift_check_in",
        ),
        path(
            "community/inquiries/<int:pk>/reply/", admin_views.inquiry_reply, name="community_inquiry_reply"
        ),
    ]
