"""The "Finance" menu: funds, allocation rules, the read-only books and the fund report."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.export import FormulaSafeExportMixin
from core.permissions import ReadOnlyPermissionPolicy

from . import admin_views, selectors
from .cache import impact_cache_clear
from .chart_of_accounts import REQUIRED_SLUGS
from .forms import AllocationRuleForm, FundForm
from .models import AllocationRule, Fund, Posting
from .types import Channel


class _ClearsImpactCache:
    def save_instance(self):
        instance = super().save_instance()
        transaction.on_commit(impact_cache_clear)
        return instance


class FundCreateView(_ClearsImpactCache, generic.CreateView):
    pass


class FundEditView(_ClearsImpactCache, generic.EditView):
    pass


class _RefusesProtectedDelete(generic.DeleteView):
    """Ledger rows that the books refer to are never deleted: say why instead of failing."""

    def refusal(self) -> str:
        return ""

    def _refuse(self, message):
        messages.error(self.request, message)
        return redirect(self.index_url_name)

    def get(self, request, *args, **kwargs):
        message = self.refusal()
        if message:
            return self._refuse(message)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        message = self.refusal()
        if message:
            return self._refuse(message)
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            return self._refuse(
                f"{self.object} is still referred to by the books or by a rule; it cannot be deleted."
            )


class FundDeleteView(_RefusesProtectedDelete):
    def refusal(self) -> str:
        if self.object.slug in REQUIRED_SLUGS:
            return f"{self.object} is an account the ledger posts to; it cannot be deleted."
        if selectors.fund_has_entries(fund=self.object):
            return f"{self.object} has money booked to it; it cannot be deleted. Make it non-public instead."
        return ""


class RuleDeleteView(_RefusesProtectedDelete):
    def refusal(self) -> str:
        if selectors.rule_is_in_use(rule=self.object):
            used = selectors.rule_usage_count(rule=self.object)
            return (
                f"This rule version was used by {used} posting(s); the books keep it, it cannot be deleted."
            )
        return ""


class FundViewSet(ModelViewSet):
    model = Fund
    name = "ledger_funds"
    url_prefix = "finance/funds"
    icon = "folder-inverse"
    menu_label = "Funds and accounts"
    add_view_class = FundCreateView
    edit_view_class = FundEditView
    delete_view_class = FundDeleteView
    list_display = ["name", "slug", "kind", "restricted", "public", "impact_unit_label", "impact_unit_cost"]
    list_filter = ["kind", "restricted", "public"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("sort_order")]),
            FieldRowPanel([FieldPanel("restricted"), FieldPanel("public")]),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldPanel("impact_unit_label"), FieldPanel("impact_unit_cost")],
                heading="Impact unit",
                help_text='Shown to the public as e.g. "12 hours of survivor wages".',
            ),
        ],
        base_form_class=FundForm,
    )


class AllocationRuleViewSet(ModelViewSet):
    model = AllocationRule
    name = "ledger_rules"
    url_prefix = "finance/rules"
    delete_view_class = RuleDeleteView
    icon = "list-ul"
    menu_label = "Allocation rules"
    list_display = ["name", "target", "key", "effective_from", "remainder_fund"]
    list_filter = ["target", "effective_from"]
    search_fields = ["name", "key"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("target"), FieldPanel("key"), FieldPanel("effective_from")]),
            InlinePanel(
                "shares",
                heading="Shares",
                label="Share",
                help_text=(
                    "Fixed amounts per unit or labour minute are taken first (never more than the line), "
                    "then percentages of what is left; the remainder fund gets the rest."
                ),
                panels=[
                    FieldPanel("fund"),
                    FieldPanel("basis"),
                    FieldPanel("percentage"),
                    FieldPanel("amount"),
                ],
            ),
            FieldRowPanel([FieldPanel("remainder_fund"), FieldPanel("fee_fund")]),
            FieldPanel("notes"),
        ],
        base_form_class=AllocationRuleForm,
    )


register_permission_policy(Posting, ReadOnlyPermissionPolicy(Posting), exact_class=True)


class PostingFilterSet(WagtailFilterSet):
    channel = django_filters.ChoiceFilter(
        choices=[(c.value, c.value.replace("_", " ").title()) for c in Channel]
    )
    kind = django_filters.CharFilter(lookup_expr="istartswith", label="Kind starts with")
    fund = django_filters.ModelChoiceFilter(
        queryset=Fund.objects.all(), field_name="entries__account", label="Account", distinct=True
    )
    occurred_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = Posting
        fields = ["channel", "kind", "fund", "occurred_at"]


class PostingInspectView(generic.InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "entries":
            return "Legs (debit positive, credit negative)"
        return super().get_field_label(field_name, field)

    def get_entries_display_value(self):
        rows = selectors.posting_legs(posting=self.object)
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {} {} <small>({}{}{})</small></li>",
                (
                    (
                        "Dr" if entry.amount.amount >= 0 else "Cr",
                        entry.account.name,
                        abs(entry.amount),
                        entry.get_role_display(),
                        f", charged to {entry.fund.name}" if entry.role == "fee" and entry.fund else "",
                        f", line {entry.line}" if entry.line else "",
                    )
                    for entry in rows
                ),
            ),
        )


class PostingIndexView(FormulaSafeExportMixin, generic.IndexView):
    pass


class PostingViewSet(ModelViewSet):
    model = Posting
    name = "ledger_postings"
    url_prefix = "finance/postings"
    icon = "table"
    menu_label = "Postings"
    form_fields = ["memo"]  # never offered: the policy refuses add and change
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = PostingFilterSet
    search_fields = ["source"]
    search_backend_name = None
    list_display = [
        Column("source", label="Source"),
        Column("kind", label="Kind"),
        Column("channel", label="Channel"),
        DateColumn("occurred_at", label="Occurred"),
        Column("currency", label="Currency"),
    ]
    inspect_view_class = PostingInspectView
    index_view_class = PostingIndexView
    inspect_view_fields = [
        "source",
        "kind",
        "channel",
        "occurred_at",
        "currency",
        "memo",
        "reverses",
        "created_at",
        "entries",
    ]
    list_export = ["source", "kind", "channel", "occurred_at", "currency", "memo"]
    export_filename = "ledger-postings"


class FundReportViewSet(ViewSet):
    name = "fund_report"
    url_prefix = "finance/report"
    icon = "doc-full"
    menu_icon = "doc-full"
    menu_label = "Fund report"

    @property
    def menu_url(self):
        return reverse("fund_report:index")

    @property
    def menu_item_class(self):
        def is_shown(_self, request):
            return request.user.has_perm(admin_views.REPORT_PERMISSION)

        return type("FundReportMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [
            path("", admin_views.fund_report, name="index"),
            path("export.csv", admin_views.fund_report_csv, name="csv"),
        ]


class FinanceGroup(ViewSetGroup):
    menu_label = "Finance"
    menu_icon = "tasks"
    menu_order = 250
    items = (FundReportViewSet, FundViewSet, AllocationRuleViewSet, PostingViewSet)


@hooks.register("register_admin_viewset")
def register_finance_viewsets():
    return FinanceGroup()
