"""Admin forms: rule validation in words Finance can act on, and the report filters."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from . import selectors
from .allocation import RuleSpec, Share, rule_errors
from .chart_of_accounts import REQUIRED_SLUGS
from .models import books_date
from .types import Channel, RuleTarget


class FundForm(WagtailAdminModelForm):
    """Slugs are how the books, rules and donation designations name a fund: they are fixed once the
    fund is required by the ledger or has money booked to it."""

    def clean(self):
        cleaned = super().clean()
        fund = self.instance
        if not fund.pk:
            return cleaned
        stored = type(fund).objects.get(pk=fund.pk)
        in_use = stored.slug in REQUIRED_SLUGS or selectors.fund_has_entries(fund=stored)
        if in_use and cleaned.get("slug") and cleaned["slug"] != stored.slug:
            self.add_error("slug", "This account is in use by the books; its slug cannot change.")
        if in_use and cleaned.get("kind") and cleaned["kind"] != stored.kind:
            self.add_error(
                "kind", "This account is in use by the books; it cannot switch between fund and system."
            )
        return cleaned


class AllocationRuleForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        rule = self.instance
        if rule.pk and selectors.rule_is_in_use(rule=rule):
            used = selectors.rule_usage_count(rule=rule)
            raise forms.ValidationError(
                f"This version has been used by {used} posting(s), so it cannot change: the books keep "
                "the rule they were split by. Copy it and give the copy a later effective date instead."
            )
        target, key = cleaned.get("target"), cleaned.get("key")
        if target == RuleTarget.DEFAULT and key and key not in {channel.value for channel in Channel}:
            self.add_error(
                "key", f"A default rule's key is a channel: {', '.join(c.value for c in Channel)}."
            )
        formset = self.formsets.get("shares")
        shares = []
        if formset is not None and formset.is_valid():
            for share_form in formset.forms:
                data = getattr(share_form, "cleaned_data", None) or {}
                if not data or data.get("DELETE") or data.get("fund") is None:
                    continue
                shares.append(
                    Share(
                        fund=data["fund"].slug,
                        basis=data.get("basis") or "percentage",
                        percentage=data.get("percentage"),
                        amount=data.get("amount"),
                    )
                )
        remainder = cleaned.get("remainder_fund")
        spec = RuleSpec(shares=tuple(shares), remainder_fund=remainder.slug if remainder else "")
        for error in rule_errors(spec):
            if "remainder fund" in error and "remainder_fund" in self.errors:
                continue
            self.add_error(None, error)
        return cleaned


class FundReportForm(forms.Form):
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(
        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")], required=False, initial="month"
    )
    channel = forms.ChoiceField(
        choices=[("", "All channels")] + [(c.value, c.value.replace("_", " ").title()) for c in Channel],
        required=False,
    )
    by_channel = forms.BooleanField(required=False, label="Break down by channel")

    MAX_DAYS = {"day": 366, "month": 366 * 20, "year": 366 * 100}

    def clean(self):
        cleaned = super().clean()
        today = books_date(timezone.now())
        cleaned["period"] = cleaned.get("period") or "month"
        cleaned["end"] = cleaned.get("end") or today
        cleaned["start"] = cleaned.get("start") or (cleaned["end"] - dt.timedelta(days=365)).replace(day=1)
        if cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if (cleaned["end"] - cleaned["start"]).days > self.MAX_DAYS[cleaned["period"]]:
            raise forms.ValidationError(
                "That range is too long for daily figures: pick at most a year, or by month."
            )
        return cleaned
