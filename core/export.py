"""Spreadsheet exports that cannot carry a formula into Excel, LibreOffice or Google Sheets.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (CSV injection, OWASP). Text cells like that are written with a leading
apostrophe; numbers, dates and Money amounts are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Stream rows as a CSV download, every text cell passed through `safe_cell`."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FormulaSafeExportMixin:
    """For Wagtail index views with `list_export`: CSV cells are neutralised like `safe_cell`.

    Wagtail already writes formula-looking XLSX cells as text; its CSV writer and headings do not.
    """

    def preprocess_field_value(self, field, value, export_format):
        processed = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(processed, str):
            return safe_cell(processed)
        return processed

    def get_heading(self, queryset, field):
        # Headings can be staff-typed labels (form fields) and Wagtail writes them unguarded in both formats.
        return safe_cell(super().get_heading(queryset, field))
