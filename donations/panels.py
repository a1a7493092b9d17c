"""Admin edit-screen panels for giving pages."""

from __future__ import annotations

from wagtail.admin.panels import Panel


class OversoldSeatsPanel(Panel):
    """On an event's edit screen: tickets and sponsorships paid after their seat hold lapsed when no
    seat was left, so staff refund or honour each one."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "donations/admin/panels/oversold_seats.html"

        def get_context_data(self, parent_context=None):
            # Wagtail builds the edit screen from the page model, which imports this panel; the
            # selectors import the models, so they are imported when the panel renders.
            from donations.selectors import event_oversold_purchases

            context = super().get_context_data(parent_context)
            page = self.instance
            context["purchases"] = event_oversold_purchases(event=page) if page.pk else []
            # Editors edit event pages but may not see donors: they get the count, not the names.
            context["can_view_gifts"] = self.request.user.has_perm("donations.view_donation")
            return context
