"""The Finance fund report: totals and impact units by period and channel, a chart and a CSV."""

from __future__ import annotations

import csv
from collections import OrderedDict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse

from . import selectors
from .forms import FundReportForm

REPORT_PERMISSION = "ledger.view_fund_report"
ROWS_PER_PAGE = 100
CHART_WIDTH = 640
CHART_BAR_HEIGHT = 22
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _require_report_permission(request):
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied


def _report_rows(form):
    data = form.cleaned_data
    return selectors.fund_totals(
        start=data["start"],
        end=data["end"],
        period=data["period"],
        channel=data.get("channel") or None,
        by_channel=data.get("by_channel", False),
    )


def _period_label(period_start, period: str) -> str:
    if period == "year":
        return f"{period_start:%Y}"
    if period == "month":
        return f"{period_start:%b %Y}"
    return f"{period_start:%Y-%m-%d}"


def _chart(rows, period: str) -> dict:
    """Bars of money received per period (and currency), scaled to the largest, as SVG geometry."""
    totals: OrderedDict[tuple, Decimal] = OrderedDict()
    for row in rows:
        key = (row.period_start, str(row.received.currency))
        totals[key] = totals.get(key, Decimal(0)) + row.received.amount
    largest = max((value for value in totals.values()), default=Decimal(0))
    bars = []
    for index, ((period_start, currency), value) in enumerate(totals.items()):
        width = int(Decimal(CHART_WIDTH - 260) * max(value, Decimal(0)) / largest) if largest > 0 else 0
        bars.append(
            {
                "y": index * CHART_BAR_HEIGHT,
                "text_y": index * CHART_BAR_HEIGHT + 15,
                "width": width,
                "label": _period_label(period_start, period),
                "value": f"{value:,.2f} {currency}",
                "value_x": 110 + width + 6,
            }
        )
    return {"bars": bars, "height": max(len(bars) * CHART_BAR_HEIGHT, CHART_BAR_HEIGHT), "width": CHART_WIDTH}


def fund_report(request):
    _require_report_permission(request)
    form = FundReportForm(request.GET or None)
    if not request.GET:
        form = FundReportForm({"period": "month"})
    rows, page, chart = [], None, None
    if form.is_valid():
        rows = _report_rows(form)
        chart = _chart(rows, form.cleaned_data["period"])
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "ledger/fund_report.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list if page else [],
            "chart": chart,
            "period": form.cleaned_data.get("period", "month") if form.is_valid() else "month",
            "query": query.urlencode(),
            "page_title": "Fund report",
            "header_icon": "doc-full",
        },
    )


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def fund_report_csv(request):
    _require_report_permission(request)
    form = FundReportForm(request.GET or {"period": "month"})
    if not form.is_valid():
        return fund_report(request)
    rows = _report_rows(form)
    writer = csv.writer(_Echo())
    header = [
        "period_start",
        "fund_slug",
        "fund",
        "channel",
        "currency",
        "received",
        "fees",
        "net",
        "units",
        "unit",
    ]

    def lines():
        yield writer.writerow(header)
        for row in rows:
            # Money is written as plain numbers; only free text can carry a formula.
            yield writer.writerow(
                [
                    row.period_start.isoformat(),
                    _safe_cell(row.fund_slug),
                    _safe_cell(row.fund_name),
                    _safe_cell(row.channel or "all"),
                    str(row.received.currency),
                    row.received.amount,
                    row.fees.amount,
                    row.net.amount,
                    "" if row.units is None else row.units,
                    _safe_cell(row.unit_label),
                ]
            )

    data = form.cleaned_data
    filename = f"fund-report-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}-{data['period']}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
