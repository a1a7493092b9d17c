"""Admin for giving: donors, gifts, recurring gifts and receipts for Development (Finance reads);
campaigns, designations and tax-year thresholds as snippets."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin_views import SummaryPanel, SummaryRow
from core.money import money_format
from donations import admin_recognition, admin_views, admin_viewsets, selectors


@hooks.register("register_admin_viewset")
def register_giving_viewsets():
    return admin_viewsets.GivingGroup()


@hooks.register("register_admin_viewset")
def register_recognition_viewsets():
    return admin_recognition.RecognitionGroup()


@hooks.register("register_admin_urls")
def register_recognition_admin_urls():
    return admin_recognition.admin_urls()


@hooks.register("construct_homepage_panels")
def sponsor_review_panel(request, panels):
    admin_recognition.review_panel(request, panels)


@hooks.register("register_admin_urls")
def register_giving_admin_urls():
    return [
        path("giving/offline-gift/", admin_views.offline_gift_create, name="donations_offline_gift"),
        path("giving/past-due/", admin_views.past_due_dashboard, name="donations_past_due"),
        path("giving/gifts/<int:pk>/refund/", admin_views.gift_refund, name="donations_gift_refund"),
        path("giving/receipts/<int:pk>/", admin_views.receipt_detail, name="donations_receipt_detail"),
        path("giving/receipts/<int:pk>/pdf/", admin_views.receipt_pdf, name="donations_receipt_pdf"),
        path(
            "giving/receipts/<int:pk>/<str:action>/",
            admin_views.receipt_action,
            name="donations_receipt_action",
        ),
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def offline_gift_menu_item():
    return _PermissionMenuItem(
        "Record offline gift",
        reverse("donations_offline_gift"),
        icon_name="plus",
        order=251,
        permission="donations.add_donation",
    )


@hooks.register("register_admin_menu_item")
def past_due_menu_item():
    return _PermissionMenuItem(
        "Past-due gifts",
        reverse("donations_past_due"),
        icon_name="warning",
        order=252,
        permission="donations.view_recurringgift",
    )


@hooks.register("construct_homepage_panels")
def giving_dashboard_panels(request, panels):
    """Development and Finance: today's gifts and the recurring gifts whose card failed."""
    if not request.user.has_perm("donations.view_donation"):
        return
    today = selectors.gifts_received_today()
    panels.append(
        SummaryPanel(
            name="giving_gifts_today",
            heading="Gifts received today",
            figure=str(today.count()),
            order=120,
            rows=[
                SummaryRow(
                    text=gift.donor.display_name if gift.donor else gift.reference,
                    detail=f"{money_format(gift.amount)} to {gift.designation_label}",
                    url=reverse("giving_gifts:inspect", args=[gift.pk]),
                )
                for gift in today[:6]
            ],
            empty="No gifts have arrived yet today.",
            link_url=reverse("giving_gifts:index"),
            link_label="All gifts",
        )
    )
    past_due = selectors.past_due_recurring_gifts()
    panels.append(
        SummaryPanel(
            name="giving_past_due",
            heading="Past-due recurring gifts",
            figure=str(past_due.count()),
            order=140,
            rows=[
                SummaryRow(
                    text=gift.donor.display_name if gift.donor else gift.reference,
                    detail=f"{money_format(gift.amount)} {gift.get_frequency_display().lower()}",
                    url=reverse("giving_recurring:inspect", args=[gift.pk]),
                )
                for gift in past_due[:6]
            ],
            empty="No recurring gift is past due.",
            link_url=reverse("donations_past_due"),
            link_label="Past-due gifts",
        )
    )
