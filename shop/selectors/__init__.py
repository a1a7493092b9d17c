"""shop selectors: every non-trivial read."""

from .cart import CartRow, CartView, cart_for_session, cart_view, category_ids_for
from .catalogue import (
    catalogue_listing,
    catalogue_page_context,
    consenting_makers,
    listing_params,
    product_cards,
    product_page_context,
    product_queryset,
    products_for_promo,
)
from .impact import impact_summary, order_impact_summary, revenue_line
from .orders import (
    order_by_token,
    order_detail,
    order_ledger_postings,
    order_refund_for_request,
    orders_for_export,
    orders_paid_today,
    variants_low_stock,
)

__all__ = [
    "CartRow",
    "CartView",
    "cart_for_session",
    "cart_view",
    "catalogue_listing",
    "catalogue_page_context",
    "category_ids_for",
    "consenting_makers",
    "impact_summary",
    "listing_params",
    "order_by_token",
    "order_detail",
    "order_impact_summary",
    "order_ledger_postings",
    "order_refund_for_request",
    "orders_for_export",
    "orders_paid_today",
    "product_cards",
    "product_page_context",
    "product_queryset",
    "products_for_promo",
    "revenue_line",
    "variants_low_stock",
]
