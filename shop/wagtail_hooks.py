"""Admin: makers as snippets, orders as a model viewset with actions, CSV export, filters and search."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_views import InspectFirstIndexView, SummaryPanel, SummaryRow
from core.export import FormulaSafeExportMixin
from core.money import money_format
from core.permissions import ChangeOnlyPermissionPolicy
from shop import admin_views, gift_admin, selectors
from shop.models import Maker, Order, ProductVariant


class MakerViewSet(SnippetViewSet):
    model = Maker
    icon = "user"
    menu_label = "Makers"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["display_name", "consent_given_on", "consent_expires_on", "revoked"]
    list_filter = ["revoked", "consent_web", "consent_print", "consent_social"]
    search_fields = ["display_name", "internal_reference"]


# Orders come from checkout only: nobody adds, copies or deletes one in the admin.
register_permission_policy(Order, ChangeOnlyPermissionPolicy(Order))


class OrderIndexView(FormulaSafeExportMixin, InspectFirstIndexView):
    def search_queryset(self, queryset):
        # Searching by SKU joins the lines; one order with two matching lines must show once.
        return super().search_queryset(queryset).distinct()


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = "Orders"
    menu_order = 200
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = admin_views.OrderInspectView
    index_view_class = OrderIndexView
    form_fields = ["email", "customer_name"]
    list_display = ["number", "status", "created_at", "total", "email"]
    list_filter = ["status", "created_at", "oversold", "shipping_option"]
    search_fields = ["number", "email", "lines__sku"]
    search_backend_name = None
    list_export = [
        "number",
        "status",
        "created_at",
        "paid_at",
        "email",
        "customer_name",
        "goods_total",
        "gift_total",
        "discount_total",
        "shipping_total",
        "tax_total",
        "total",
        "refunded_total",
        "shipping_option",
    ]
    export_filename = "orders"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("ship/<int:pk>/", admin_views.order_ship_view, name="ship"),
            path("cancel/<int:pk>/", admin_views.order_cancel_view, name="cancel"),
            path("refund/<int:pk>/", admin_views.order_refund_view, name="refund"),
            path("note/<int:pk>/", admin_views.order_note_view, name="note"),
        ]


# Variants are created and removed on their product page; the Stock screen only adjusts stock.
register_permission_policy(ProductVariant, ChangeOnlyPermissionPolicy(ProductVariant))


class StockIndexView(FormulaSafeExportMixin, IndexView):
    default_ordering = "stock"  # what runs out first, first

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product")


class StockViewSet(ModelViewSet):
    model = ProductVariant
    icon = "tasks"
    menu_label = "Stock"
    menu_order = 205
    add_to_admin_menu = True
    copy_view_enabled = False
    sort_order_field = None
    panels = [FieldPanel("stock")]  # not the model's page-editor panels
    list_display = ["sku", "product", "label", "stock", "low_stock_threshold", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["sku", "product__title"]
    search_backend_name = None
    list_export = ["sku", "product", "label", "price", "stock", "low_stock_threshold", "is_active"]
    export_filename = "stock"

    index_view_class = StockIndexView


register_snippet(MakerViewSet)
register_snippet(gift_admin.PaletteViewSet)
order_viewset = OrderViewSet("shop_order")


stock_viewset = StockViewSet("shop_stock")


def register_order_viewset():
    return order_viewset


def register_stock_viewset():
    return stock_viewset


hooks.register("register_admin_viewset", register_order_viewset)
hooks.register("register_admin_viewset", register_stock_viewset)


@hooks.register("construct_homepage_panels")
def shop_dashboard_panels(request, panels):
    """Shop managers' morning view: what sold today and what is about to run out."""
    user = request.user
    if user.has_perm("shop.view_order"):
        orders = list(selectors.orders_paid_today()[:6])
        total = selectors.orders_paid_today().count()
        panels.append(
            SummaryPanel(
                name="shop_orders_today",
                heading="Orders paid today",
                figure=str(total),
                order=110,
                rows=[
                    SummaryRow(
                        text=order.number,
                        detail=f"{money_format(order.total)}, {order.get_status_display()}",
                        url=reverse("shop_order:inspect", args=[order.pk]),
                    )
                    for order in orders
                ],
                empty="No orders paid yet today.",
                link_url=reverse("shop_order:index"),
                link_label="All orders",
            )
        )
    if user.has_perm("shop.view_productvariant"):
        low = list(selectors.variants_low_stock()[:6])
        panels.append(
            SummaryPanel(
                name="shop_low_stock",
                heading="Low stock",
                figure=str(selectors.variants_low_stock().count()),
                order=130,
                rows=[
                    SummaryRow(
                        text=f"{variant.product.title}{f' ({variant.label})' if variant.label else ''}",
                        detail="Sold out" if variant.stock == 0 else f"{variant.stock} left",
                        url=reverse("shop_stock:edit", args=[variant.pk]),
                    )
                    for variant in low
                ],
                empty="Every product is above its low-stock threshold.",
                link_url=reverse("shop_stock:index"),
                link_label="Stock",
            )
        )


def register_gift_order_viewset():
    return gift_admin.gift_order_viewset


def register_gift_quote_viewset():
    return gift_admin.gift_quote_viewset


hooks.register("register_admin_viewset", register_gift_order_viewset)
hooks.register("register_admin_viewset", register_gift_quote_viewset)
