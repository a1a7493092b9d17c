"""The Finance fund report: totals and impact units by period and channel, a chart and a CSV."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from core.export import csv_response

from . import selectors
from .forms import FundReportForm

REPORT_PERMISSION = "ledger.view_fund_report"
ROWS_PER_PAGE = 100
CHART_WIDTH = 640
CHART_BAR_HEIGHT = 22


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


def fund_report_csv(request):
    _require_report_permission(request)
    form = FundReportForm(request.GET or {"period": "month"})
    if not form.is_valid():
        return fund_report(request)
    rows = _report_rows(form)
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
    # Money is written as plain numbers; csv_response neutralises text that could run as a formula.
    cells = (
        [
            row.period_start.isoformat(),
            row.fund_slug,
            row.fund_name,
            row.channel or "all",
            str(row.received.currency),
            row.received.amount,
            row.fees.amount,
            row.net.amount,
            "" if row.units is None else row.units,
            row.unit_label,
        ]
        for row in rows
    )
    data = form.cleaned_data
    filename = f"fund-report-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}-{data['period']}.csv"
    response = csv_response(filename=filename, header=header, rows=cells)
    response["Cache-Control"] = "private, no-store"
    return response
