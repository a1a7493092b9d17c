"""Which products and makers a visitor may see: live, outside private sections, consenting makers."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import PageViewRestriction

from core.tree_cache import tree_cached_local
from shop.models import Maker, ProductPage
from shop.models.makers import ConsentScope


def consenting_makers():
    return Maker.objects.with_valid_consent(scope=ConsentScope.WEB).select_related("photo")


def private_paths() -> tuple[str, ...]:
    """The tree paths of every private section, from one small query (Wagtail's `.public()` reads the
    restrictions with their pages on every call; a listing calls it twice). Read once per version of
    the page tree in each worker: adding or removing a restriction moves it at once."""
    return tree_cached_local(
        ("shop.private_paths",),
        lambda: tuple(sorted(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def public_q(paths: tuple[str, ...] | None = None) -> Q:
    """Pages outside the private sections at `paths` (read now if not given)."""
    q = Q()
    for path in private_paths() if paths is None else paths:
        q &= ~Q(path__startswith=path)
    return q


def product_queryset(*, private: tuple[str, ...] | None = None):
    """Live, public products (the listing and the promo block build cards from it)."""
    return ProductPage.objects.live().filter(public_q(private))
