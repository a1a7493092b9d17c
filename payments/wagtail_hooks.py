"""The Stripe event inbox in the Wagtail admin: Finance and Shop managers read it and replay events."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import MenuItem
from wagtail.permissions import register_permission_policy

from core.admin_views import SummaryPanel, SummaryRow
from core.export import FormulaSafeExportMixin
from core.permissions import ReadOnlyPermissionPolicy
from payments import selectors
from payments.models import CheckoutLink, StripeEvent
from payments.redaction import may_read_personal_payloads, payload_for
from payments.services import Outcome, stripe_event_process

stripe_event_policy = ReadOnlyPermissionPolicy(StripeEvent)
register_permission_policy(StripeEvent, stripe_event_policy)
register_permission_policy(CheckoutLink, ReadOnlyPermissionPolicy(CheckoutLink))


class StripeEventFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=StripeEvent.Status.choices, label=_("Status"))
    type = django_filters.ChoiceFilter(label=_("Type"), choices=selectors.stripe_event_type_choices)
    source = django_filters.ChoiceFilter(choices=StripeEvent.Source.choices, label=_("Arrived by"))
    received_at = django_filters.DateFromToRangeFilter(label=_("Received"))

    class Meta:
        model = StripeEvent
        fields = ["status", "type", "source", "received_at"]


class StripeEventIndexView(FormulaSafeExportMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status != StripeEvent.Status.PROCESSED and self.user_has_permission("replay"):
            buttons.append(
                MenuItem(
                    _("Replay"),
                    url=reverse("stripe_events:replay", args=[instance.pk]),
                    icon_name="rotate",
                    priority=15,
                )
            )
        return buttons


class StripeEventInspectView(generic.InspectView):
    def get_last_error_display_value(self):
        return self.object.last_error or "—"

    def get_payload_display_value(self):
        text = payload_for(user=self.request.user, payload=self.object.payload)
        note = "" if may_read_personal_payloads(self.request.user) else _("Personal details are redacted.")
        return (
            format_html("<p>{}</p><pre>{}</pre>", note, text) if note else format_html("<pre>{}</pre>", text)
        )


@require_http_methods(["GET", "POST"])
def stripe_event_replay_view(request, pk):
    if not stripe_event_policy.user_has_permission(request.user, "replay"):
        raise PermissionDenied
    event = get_object_or_404(StripeEvent, pk=pk)
    index_url = reverse("stripe_events:index")
    if request.method == "POST":
        outcome = stripe_event_process(event_id=event.event_id)
        event.refresh_from_db()
        if outcome == Outcome.FAILED:
            messages.error(
                request,
                _("Replaying %(event)s failed again: %(error)s")
                % {
                    "event": event.event_id,
                    "error": event.last_error,
                },
            )
        elif outcome == Outcome.DUPLICATE:
            messages.info(
                request, _("%(event)s was already processed; nothing was done.") % {"event": event.event_id}
            )
        else:
            messages.success(
                request, _("%(event)s replayed: %(outcome)s.") % {"event": event.event_id, "outcome": outcome}
            )
        return redirect(index_url)
    return TemplateResponse(
        request,
        "payments/admin/replay_confirm.html",
        {"event": event, "index_url": index_url, "page_title": _("Replay Stripe event")},
    )


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    name = "stripe_events"
    icon = "tasks"
    menu_label = _("Stripe events")
    index_view_class = StripeEventIndexView
    inspect_view_class = StripeEventInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = StripeEventFilterSet
    search_fields = ["event_id", "type", "kind", "reference"]
    list_display = [
        "event_id",
        "type",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "kind",
        "reference",
        "attempts",
        DateColumn("received_at", label=_("Received")),
    ]
    list_export = [
        "event_id",
        "type",
        "status",
        "kind",
        "reference",
        "attempts",
        "received_at",
        "processed_at",
        "last_error",
    ]
    export_filename = "stripe-events"
    inspect_view_fields = [
        "event_id",
        "type",
        "status",
        "source",
        "kind",
        "reference",
        "attempts",
        "last_error",
        "livemode",
        "api_version",
        "stripe_created_at",
        "received_at",
        "processed_at",
        "payload",
    ]
    ordering = ["-received_at", "-id"]

    def get_urlpatterns(self):
        # Read-only: no add, edit, copy or delete views at all.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("replay/<int:pk>/", stripe_event_replay_view, name="replay"),
        ]


class CheckoutLinkFilterSet(WagtailFilterSet):
    mode = django_filters.ChoiceFilter(choices=CheckoutLink.Mode.choices, label=_("Mode"))
    settled = django_filters.BooleanFilter(
        field_name="settled_at", lookup_expr="isnull", exclude=True, label=_("Paid")
    )
    demo = django_filters.BooleanFilter(label=_("Demo gateway"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Started"))

    class Meta:
        model = CheckoutLink
        fields = ["kind", "mode", "settled", "demo", "created_at"]


class CheckoutLinkIndexView(FormulaSafeExportMixin, generic.IndexView):
    pass


class CheckoutLinkViewSet(ModelViewSet):
    """Which Stripe ids belong to which order or gift: for answering a customer or a dispute."""

    model = CheckoutLink
    name = "checkout_links"
    icon = "link"
    menu_label = _("Checkout sessions")
    index_view_class = CheckoutLinkIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CheckoutLinkFilterSet
    search_fields = ["session_id", "reference", "payment_intent_id", "subscription_id", "customer_id"]
    list_display = [
        "reference",
        "kind",
        "mode",
        "session_id",
        "payment_intent_id",
        DateColumn("settled_at", label=_("Paid")),
        DateColumn("created_at", label=_("Started")),
    ]
    list_export = [
        "kind",
        "reference",
        "mode",
        "session_id",
        "payment_intent_id",
        "subscription_id",
        "customer_id",
        "settled_at",
        "created_at",
        "demo",
    ]
    export_filename = "checkout-sessions"
    inspect_view_fields_exclude = ["demo_state"]
    ordering = ["-created_at", "-id"]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


class PaymentsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Payments")
    menu_icon = "tasks"
    menu_order = 900
    items = (StripeEventViewSet, CheckoutLinkViewSet)


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return PaymentsViewSetGroup()


@hooks.register("construct_homepage_panels")
def payments_dashboard_panels(request, panels):
    """Finance and Shop managers: Stripe events whose handling failed need a look (or a replay)."""
    if not request.user.has_perm("payments.view_stripeevent"):
        return
    failed = selectors.stripe_events_failed()
    panels.append(
        SummaryPanel(
            name="payments_failed_events",
            heading="Failed Stripe events",
            figure=str(failed.count()),
            order=100,
            rows=[
                SummaryRow(
                    text=event.type,
                    detail=f"{event.attempts} attempt{'s' if event.attempts != 1 else ''}",
                    url=reverse("stripe_events:inspect", args=[event.pk]),
                )
                for event in failed[:6]
            ],
            empty="No failed events: every payment notification was handled.",
            link_url=reverse("stripe_events:index") + "?status=failed",
            link_label="Stripe events",
        )
    )
