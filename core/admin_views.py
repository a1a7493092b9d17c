"""Wagtail admin building blocks every app's records share: list rows that open the record's own
page, and inspect pages that read like Wagtail's screens rather than a field dump."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView

from core.money import money_format


def local_datetime(value: dt.datetime) -> str:
    """A moment in the organisation's timezone (settings.TIME_ZONE), with the zone named."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"


def readable_value(value):
    """The value a person should read, or None when there is nothing to show."""
    if value is None or value == "" or value == "-":
        return None
    if hasattr(value, "amount") and hasattr(value, "currency"):
        return money_format(value)
    if isinstance(value, dt.datetime):
        return local_datetime(value)
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


class InspectFirstIndexView(IndexView):
    """A click on a record's title opens its inspect page (lines, history, actions), not the edit form."""

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name,
            column_class,
            get_url=lambda instance: self.get_inspect_url(instance) or self.get_edit_url(instance),
            **kwargs,
        )


class ReadableInspectView(InspectView):
    """Money formatted, times in the organisation's timezone, empty values and djmoney's currency
    twins ("Amount currency: US Dollar") left out."""

    def get_fields(self):
        return [name for name in super().get_fields() if not name.endswith("_currency")]

    def get_fields_context(self):
        rows = []
        for name in self.fields:
            context = self.get_context_for_field(name)
            if context["component"] is None:
                context["value"] = readable_value(context["value"])
                if context["value"] is None:
                    continue
            rows.append(context)
        return rows
