"""The admin's export of form submissions, on the one formula-safe export helper."""

from wagtail.contrib.forms.views import SubmissionsListView

from core.export import FormulaSafeExportMixin


class FormulaSafeSubmissionsListView(FormulaSafeExportMixin, SubmissionsListView):
    """Visitors type whatever they like: a CSV cell or heading that a spreadsheet would run as a
    formula is written as text."""
