"""Admin for giving: donors, gifts, recurring gifts and receipts for Development (Finance reads);
campaigns, designations and tax-year thresholds as snippets."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_views import InspectFirstIndexView, ReadableInspectView, SummaryPanel, SummaryRow
from core.export import FormulaSafeExportMixin
from core.money import money_format
from donations import admin_recognition, admin_views, selectors
from donations.models import Campaign, Designation, Donation, Donor, Receipt, RecurringGift, TaxYearThreshold


class RecordsOnlyPolicy(ModelPermissionPolicy):
    """Gifts, recurring gifts and receipts change only through services (payments, refunds, the receipt
    actions); the generic admin may list and inspect them but never edit or delete them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Donation, RecurringGift, Receipt):
    register_permission_policy(_model, RecordsOnlyPolicy(_model), exact_class=True)


class SafeExportIndexView(FormulaSafeExportMixin, InspectFirstIndexView):
    """Donor, gift, recurring-gift and receipt exports: names and comments are typed by the public, so a
    cell such as =HYPERLINK(...) is written as text, never as a formula."""


class DonorInspectView(ReadableInspectView):
    """The donor's record with their gift history, recurring gifts and receipts."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donor = self.object
        context["gifts"] = selectors.donor_gifts(donor=donor)[:100]
        context["recurring_gifts"] = selectors.donor_recurring_gifts(donor=donor)
        context["receipts"] = selectors.donor_receipts(donor=donor)[:100]
        return context


class ReceiptInspectView(ReadableInspectView):
    """A receipt with its actions: PDF, resend, void, void and reissue."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["receipt"] = self.object
        context["can_change"] = self.request.user.has_perm("donations.change_receipt")
        return context


class DonorViewSet(ModelViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = DonorInspectView
    inspect_template_name = "donations/admin/donor_inspect.html"
    name = "giving_donors"
    url_prefix = "giving/donors"
    model = Donor
    icon = "user"
    menu_label = "Donors"
    list_display = ["display_name", "email", "company_name", "city", "created_at"]
    list_filter = ["country", "created_at"]
    search_fields = ["email", "first_name", "last_name", "company_name"]
    list_export = [
        "email",
        "first_name",
        "last_name",
        "company_name",
        "phone",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "country",
        "created_at",
    ]
    export_filename = "donors"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = [
        "email",
        "first_name",
        "last_name",
        "company_name",
        "phone",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "country",
        "notes",
    ]


class DonationViewSet(ModelViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = ReadableInspectView
    name = "giving_gifts"
    url_prefix = "giving/gifts"
    model = Donation
    icon = "pick"
    menu_label = "Gifts"
    list_display = ["reference", "donor", "amount", "designation_label", "kind", "status", "received_at"]
    list_filter = ["status", "kind", "oversold", "campaign", "designation_key", "received_at"]
    search_fields = ["reference", "donor__email", "donor__last_name", "company_name", "honoree_name"]
    list_export = [
        "reference",
        "received_at",
        "donor.email",
        "donor.first_name",
        "donor.last_name",
        "first_name",
        "last_name",
        "company_name",
        "amount",
        "fee_covered",
        "amount_refunded",
        "benefit_fmv",
        "designation_label",
        "kind",
        "status",
        "campaign",
        "honoree_name",
    ]
    export_headings = {
        "donor.email": "Donor email",
        "donor.first_name": "Donor first name (profile)",
        "donor.last_name": "Donor last name (profile)",
        "first_name": "First name given",
        "last_name": "Last name given",
    }
    export_filename = "gifts"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["comment"]


class RecurringGiftViewSet(ModelViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = ReadableInspectView
    name = "giving_recurring"
    url_prefix = "giving/recurring"
    model = RecurringGift
    icon = "repeat"
    menu_label = "Recurring gifts"
    list_display = ["reference", "donor", "amount", "frequency", "status", "past_due_since", "created_at"]
    list_filter = ["status", "frequency", "campaign"]
    search_fields = ["reference", "donor__email", "donor__last_name"]
    list_export = [
        "reference",
        "donor.email",
        "amount",
        "fee_covered",
        "frequency",
        "status",
        "designation_label",
        "created_at",
        "past_due_since",
        "ended_at",
    ]
    export_headings = {"donor.email": "Donor email"}
    export_filename = "recurring-gifts"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["designation_label"]


class ReceiptViewSet(ModelViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = ReceiptInspectView
    inspect_template_name = "donations/admin/receipt_inspect.html"
    name = "giving_receipts_list"
    url_prefix = "giving/receipts-list"
    model = Receipt
    icon = "doc-full"
    menu_label = "Receipts"
    list_display = ["number", "donor_name", "amount", "deductible_amount", "gift_date", "status"]
    list_filter = ["status", "year", "quid_pro_quo_disclosure"]
    search_fields = ["number", "donor_name", "donor_email"]
    list_export = [
        "number",
        "status",
        "gift_date",
        "donor_name",
        "donor_email",
        "amount",
        "benefit_fmv",
        "deductible_amount",
        "fund_label",
        "void_reason",
    ]
    export_filename = "receipts"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["void_reason"]


class GivingGroup(ViewSetGroup):
    menu_label = "Giving"
    menu_icon = "pick"
    menu_order = 250
    items = (DonorViewSet, DonationViewSet, RecurringGiftViewSet, ReceiptViewSet)


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "crosshairs"
    list_display = ["name", "goal", "starts_on", "ends_on"]
    search_fields = ["name"]


class DesignationViewSet(SnippetViewSet):
    model = Designation
    icon = "tag"
    list_display = ["name", "fund_slug", "enabled"]


class TaxYearThresholdViewSet(SnippetViewSet):
    model = TaxYearThreshold
    icon = "calendar"
    list_display = ["year", "quid_pro_quo_threshold", "insubstantial_benefit_limit", "token_maximum_cost"]


register_snippet(CampaignViewSet)
register_snippet(DesignationViewSet)
register_snippet(TaxYearThresholdViewSet)


@hooks.register("register_admin_viewset")
def register_giving_viewsets():
    return GivingGroup()


@hooks.register("register_admin_viewset")
def register_recognition_viewsets():
    return admin_recognition.RecognitionGroup()


@hooks.register("register_admin_urls")
def register_recognition_admin_urls():
    return admin_recognition.admin_urls()


@hooks.register("construct_homepage_panels")
def sponsor_review_panel(request, panels):
    admin_recognition.review_panel(request, panels)


@hooks.register("register_admin_urls")
def register_giving_admin_urls():
    return [
        path("giving/offline-gift/", admin_views.offline_gift_create, name="donations_offline_gift"),
        path("giving/past-due/", admin_views.past_due_dashboard, name="donations_past_due"),
        path("giving/gifts/<int:pk>/refund/", admin_views.gift_refund, name="donations_gift_refund"),
        path("giving/receipts/<int:pk>/", admin_views.receipt_detail, name="donations_receipt_detail"),
        path("giving/receipts/<int:pk>/pdf/", admin_views.receipt_pdf, name="donations_receipt_pdf"),
        path(
            "giving/receipts/<int:pk>/<str:action>/",
            admin_views.receipt_action,
            name="donations_receipt_action",
        ),
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def offline_gift_menu_item():
    return _PermissionMenuItem(
        "Record offline gift",
        reverse("donations_offline_gift"),
        icon_name="plus",
        order=251,
        permission="donations.add_donation",
    )


@hooks.register("register_admin_menu_item")
def past_due_menu_item():
    return _PermissionMenuItem(
        "Past-due gifts",
        reverse("donations_past_due"),
        icon_name="warning",
        order=252,
        permission="donations.view_recurringgift",
    )


@hooks.register("construct_homepage_panels")
def giving_dashboard_panels(request, panels):
    """Development and Finance: today's gifts and the recurring gifts whose card failed."""
    if not request.user.has_perm("donations.view_donation"):
        return
    today = selectors.gifts_received_today()
    panels.append(
        SummaryPanel(
            name="giving_gifts_today",
            heading="Gifts received today",
            figure=str(today.count()),
            order=120,
            rows=[
                SummaryRow(
                    text=gift.donor.display_name if gift.donor else gift.reference,
                    detail=f"{money_format(gift.amount)} to {gift.designation_label}",
                    url=reverse("giving_gifts:inspect", args=[gift.pk]),
                )
                for gift in today[:6]
            ],
            empty="No gifts have arrived yet today.",
            link_url=reverse("giving_gifts:index"),
            link_label="All gifts",
        )
    )
    past_due = selectors.past_due_recurring_gifts()
    panels.append(
        SummaryPanel(
            name="giving_past_due",
            heading="Past-due recurring gifts",
            figure=str(past_due.count()),
            order=140,
            rows=[
                SummaryRow(
                    text=gift.donor.display_name if gift.donor else gift.reference,
                    detail=f"{money_format(gift.amount)} {gift.get_frequency_display().lower()}",
                    url=reverse("giving_recurring:inspect", args=[gift.pk]),
                )
                for gift in past_due[:6]
            ],
            empty="No recurring gift is past due.",
            link_url=reverse("donations_past_due"),
            link_label="Past-due gifts",
        )
    )
