"""Admin screens for giving: donors, gifts, recurring gifts and receipts for Development (Finance
reads); campaigns, designations and tax-year thresholds as snippets. Registered by wagtail_hooks."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_views import InspectFirstIndexView, ReadableInspectView
from core.export import FormulaSafeExportMixin
from core.permissions import ReadOnlyPermissionPolicy
from donations import selectors
from donations.models import Campaign, Designation, Donation, Donor, Receipt, RecurringGift, TaxYearThreshold

# Gifts, recurring gifts and receipts change only through services (payments, refunds, the receipt
# actions); the generic admin may list and inspect them but never edit or delete them.
for _model in (Donation, RecurringGift, Receipt):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model), exact_class=True)


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
