"""Admin for sponsors and circles: Development reviews sponsor recognition (approve or send back),
downloads the programme pack, appoints circle leaders and sees members (Finance reads). Registered
from wagtail_hooks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin_views import InspectFirstIndexView, ReadableInspectView, SummaryPanel, SummaryRow
from core.export import FormulaSafeExportMixin
from donations import selectors_sponsors, sponsor_files
from donations.models import CircleInvitation, CircleLeader, CircleMembership, EventPage, Sponsor
from donations.services import sponsors as sponsor_services
from donations.views_sponsors import logo_response


class _NoAddPolicy(ModelPermissionPolicy):
    """Sponsors exist because a sponsorship was paid; memberships because someone joined. Staff
    review and correct them, never create them by hand (nor delete the record of a payment)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Sponsor, CircleMembership):
    register_permission_policy(_model, _NoAddPolicy(_model), exact_class=True)


class SafeExportIndexView(FormulaSafeExportMixin, InspectFirstIndexView):
    """Names and websites are typed by the public: exported as text, never as formulas."""


class SponsorInspectView(ReadableInspectView):
    def get_fields(self):
        return [name for name in super().get_fields() if name not in ("access_key", "logo")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sponsor"] = self.object
        context["can_approve"] = self.request.user.has_perm("donations.approve_sponsor")
        return context


class SponsorViewSet(ModelViewSet):
    model = Sponsor
    index_view_class = SafeExportIndexView
    inspect_view_class = SponsorInspectView
    inspect_template_name = "donations/admin/sponsor_inspect.html"
    name = "giving_sponsors"
    url_prefix = "giving/sponsors"
    icon = "pick"
    menu_label = "Sponsors"
    list_display = ["display_name", "event", "tier_name", "credit_as", "status", "submitted_at"]
    list_filter = ["status", "credit_as", "event"]
    search_fields = ["display_name", "tier_name", "donation__donor__email", "donation__company_name"]
    list_export = ["display_name", "event", "tier_name", "credit_as", "website", "status", "submitted_at"]
    export_filename = "sponsors"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["display_name", "website", "credit_as"]


class CircleLeaderViewSet(ModelViewSet):
    model = CircleLeader
    index_view_class = SafeExportIndexView
    name = "giving_circle_leaders"
    url_prefix = "giving/circle-leaders"
    icon = "user"
    menu_label = "Circle leaders"
    list_display = ["donor", "circle", "active", "appointed_at"]
    list_filter = ["circle", "active"]
    search_fields = ["donor__email", "donor__first_name", "donor__last_name"]
    list_export = ["circle", "donor.email", "donor.first_name", "donor.last_name", "active", "appointed_at"]
    export_headings = {
        "donor.email": "Email",
        "donor.first_name": "First name",
        "donor.last_name": "Last name",
    }
    export_filename = "circle-leaders"
    copy_view_enabled = False
    form_fields = ["circle", "donor", "active"]


class CircleMembershipViewSet(ModelViewSet):
    model = CircleMembership
    index_view_class = SafeExportIndexView
    inspect_view_class = ReadableInspectView
    name = "giving_circle_members"
    url_prefix = "giving/circle-members"
    icon = "group"
    menu_label = "Circle members"
    list_display = ["name", "circle", "status", "listed", "share_contact", "share_amounts", "joined_at"]
    list_filter = ["circle", "status", "joined_by", "listed", "share_contact", "share_amounts"]
    search_fields = ["name", "donor__email"]
    list_export = [
        "circle",
        "name",
        "donor.email",
        "status",
        "joined_by",
        "listed",
        "share_contact",
        "share_amounts",
        "joined_at",
        "left_at",
    ]
    export_headings = {"donor.email": "Email"}
    export_filename = "circle-members"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["name", "status"]


class CircleInvitationViewSet(ModelViewSet):
    model = CircleInvitation
    index_view_class = SafeExportIndexView
    name = "giving_circle_invitations"
    url_prefix = "giving/circle-invitations"
    icon = "mail"
    menu_label = "Circle invitations"
    list_display = ["email", "circle", "sent_at", "accepted_at"]
    list_filter = ["circle", "sent_at"]
    search_fields = ["email"]
    list_export = ["circle", "email", "sent_at", "accepted_at"]
    export_filename = "circle-invitations"
    copy_view_enabled = False
    form_fields = ["circle", "email"]
    add_view_enabled = False


class RecognitionGroup(ViewSetGroup):
    menu_label = "Sponsors & circles"
    menu_icon = "group"
    menu_order = 253
    items = (SponsorViewSet, CircleLeaderViewSet, CircleMembershipViewSet, CircleInvitationViewSet)


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@require_POST
def sponsor_review(request, pk: int):
    _require(request, "donations.approve_sponsor")
    sponsor = get_object_or_404(Sponsor, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        sponsor_services.sponsor_review(
            sponsor=sponsor,
            approve=approve,
            note=request.POST.get("note", "")[:300],
            reviewed_by=request.user.get_username(),
        )
    except sponsor_services.SponsorError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{sponsor.display_name}: " + ("approved." if approve else "sent back to the sponsor.")
        )
    return redirect("giving_sponsors:inspect", pk)


@require_POST
def sponsor_resend(request, pk: int):
    _require(request, "donations.change_sponsor")
    sponsor = get_object_or_404(Sponsor, pk=pk)
    sponsor_services.sponsor_link_resend(sponsor=sponsor)
    messages.success(request, "A new link is on its way to the sponsor; the old one no longer works.")
    return redirect("giving_sponsors:inspect", pk)


def sponsor_logo_preview(request, pk: int):
    """Any uploaded logo, approved or not, for staff deciding on it."""
    _require(request, "donations.view_sponsor")
    sponsor = get_object_or_404(Sponsor, pk=pk)
    if not sponsor.logo:
        raise Http404("No logo")
    return logo_response(sponsor)


def sponsor_pack(request, event_id: int):
    _require(request, "donations.view_sponsor")
    event = get_object_or_404(EventPage, pk=event_id)
    sponsors = list(selectors_sponsors.approved_sponsors(event=event))
    if not sponsors:
        messages.warning(
            request, f"{event.title} has no approved sponsors yet, so there is no pack to download."
        )
        return redirect(reverse("giving_sponsors:index") + f"?event={event.pk}")
    response = HttpResponse(
        sponsor_files.sponsor_pack_zip(event=event, sponsors=sponsors), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sponsors-{slugify(event.title) or event.pk}.zip"'
    )
    return response


def admin_urls():
    return [
        path("giving/sponsors/<int:pk>/review/", sponsor_review, name="donations_sponsor_review"),
        path("giving/sponsors/<int:pk>/resend/", sponsor_resend, name="donations_sponsor_resend"),
        path("giving/sponsors/<int:pk>/logo/", sponsor_logo_preview, name="donations_sponsor_logo"),
        path("giving/events/<int:event_id>/sponsor-pack/", sponsor_pack, name="donations_sponsor_pack"),
    ]


def review_panel(request, panels) -> None:
    """Development's dashboard: sponsor recognition waiting for a decision."""
    if not request.user.has_perm("donations.approve_sponsor"):
        return
    waiting = selectors_sponsors.sponsors_to_review().order_by("submitted_at")
    panels.append(
        SummaryPanel(
            name="giving_sponsors_to_review",
            heading="Sponsor logos to review",
            figure=str(waiting.count()),
            order=150,
            rows=[
                SummaryRow(
                    text=sponsor.display_name,
                    detail=f"{sponsor.tier_name}, {sponsor.event.title}",
                    url=reverse("giving_sponsors:inspect", args=[sponsor.pk]),
                )
                for sponsor in waiting[:6]
            ],
            empty="No sponsor is waiting for approval.",
            link_url=reverse("giving_sponsors:index") + "?status=pending",
            link_label="Sponsors",
        )
    )
