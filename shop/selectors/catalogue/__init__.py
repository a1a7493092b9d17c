"""Catalogue reads: listings with filter, sort, search and pagination, product cards and product
pages, each in a constant number of queries."""

from .cards import CardImage, ProductCard, card_renditions, product_cards, products_for_promo
from .listing import ListingParams, catalogue_listing, catalogue_page_context, category_links, listing_params
from .product import category_id_of, product_page_context
from .visibility import consenting_makers, private_paths, product_queryset, public_q

__all__ = [
    "CardImage",
    "ListingParams",
    "ProductCard",
    "card_renditions",
    "catalogue_listing",
    "catalogue_page_context",
    "category_id_of",
    "category_links",
    "consenting_makers",
    "listing_params",
    "private_paths",
    "product_cards",
    "product_page_context",
    "product_queryset",
    "products_for_promo",
    "public_q",
]
