"""A product page's reads beyond its fields."""

from __future__ import annotations

from django.db.models import Prefetch
from wagtail.images import get_image_model

from shop.models import CategoryPage, ProductPage

from ..impact import impact_summary, revenue_line
from .visibility import consenting_makers


def category_id_of(*, product: ProductPage) -> int | None:
    category = CategoryPage.objects.parent_of(product).only("pk").first()
    return category.pk if category else None


def product_page_context(*, product: ProductPage) -> dict:
    """What a product page shows beyond its fields: active variants, gallery, consenting maker, impact."""
    image_model = get_image_model()
    variants = list(product.variants.filter(is_active=True).order_by("sort_order", "pk"))
    images = list(
        product.images.order_by("sort_order", "pk").prefetch_related(
            Prefetch(
                "image", queryset=image_model.objects.prefetch_renditions("fill-900x900", "fill-300x300")
            )
        )
    )
    maker = consenting_makers().filter(pk=product.maker_id).first() if product.maker_id else None
    default_variant = next((v for v in variants if v.stock > 0), variants[0] if variants else None)
    impact = ""
    if default_variant is not None:
        category_id = category_id_of(product=product)
        impact = impact_summary(
            revenue=[
                revenue_line(
                    amount=default_variant.price,
                    product_id=product.pk,
                    category_id=category_id,
                    labour_minutes=default_variant.labour_minutes
                    if default_variant.labour_minutes is not None
                    else product.labour_minutes,
                )
            ]
        )
    return {
        "variants": variants,
        "images": images,
        "maker": maker,
        "default_variant": default_variant,
        "sold_out": not any(v.stock > 0 for v in variants),
        "impact": impact,
    }
