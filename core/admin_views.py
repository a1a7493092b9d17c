"""Wagtail admin building blocks every app's records share: list rows that open the record's own
page, and inspect pages that read like Wagtail's screens rather than a field dump."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.components import Component
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
        return [name for name in super().get_fields() if not name.endswith("_currency") and name != "id"]

    def get_fields_context(self):
        rows = []
        for name in self.fields:
            raw = getattr(self.object, name, None)
            if raw is None or raw == "" or (hasattr(raw, "currency") and not getattr(raw, "amount", 0)):
                continue  # nothing recorded (a blank choice, a zero amount): leave the row out
            context = self.get_context_for_field(name)
            if context["component"] is None:
                context["value"] = readable_value(context["value"])
                if context["value"] is None:
                    continue
            rows.append(context)
        return rows


class SummaryPanel(Component):
    """A Wagtail dashboard panel: a heading, a headline figure, up to a few rows and a link to the full
    list. Each app adds its own through `construct_homepage_panels`, for the groups allowed to see it."""

    template_name = "core/admin/summary_panel.html"

    def __init__(self, *, name, heading, order, rows, empty, link_url="", link_label="", figure=""):
        self.name, self.heading, self.order = name, heading, order
        self.rows, self.empty, self.figure = rows, empty, figure
        self.link_url, self.link_label = link_url, link_label

    def get_context_data(self, parent_context):
        return {"panel": self}


@dataclass(frozen=True)
class SummaryRow:
    text: str
    detail: str = ""
    url: str = ""


def today_range() -> tuple[dt.datetime, dt.datetime]:
    """Today in the organisation's timezone, as [start, end) moments for a query."""
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return start, start + dt.timedelta(days=1)
