"""Demo shop for `make run`: the catalogue (catalogue.py), per-category allocation rules, the shop
managers' page permissions and a year of orders (orders.py). Idempotent: run it twice and nothing
doubles (everything is looked up by slug, SKU or name first)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from djmoney.money import Money
from wagtail.models import GroupPagePermission, Page, Site

from shop.demo.catalogue import CATEGORIES, PRODUCTS, category_add, makers_add, product_add
from shop.demo.orders import orders_add, orders_paid_today_add
from shop.models import ShopIndexPage

WAGE_PER_MINUTE = Money("0.30", "USD")  # $18.00 an hour
MATERIALS_PERCENT = Decimal(20)
RULES_FROM = dt.date(2024, 1, 1)


def seed(*, stdout) -> None:
    index = _shop_index()
    makers = makers_add()
    categories = {slug: category_add(index, slug, *spec) for slug, spec in CATEGORIES.items()}
    created = 0
    for slug, title, category, maker, minutes, variants in PRODUCTS:
        created += product_add(
            categories[category],
            slug,
            title,
            makers[maker] if maker is not None else None,
            minutes,
            variants,
            colour=CATEGORIES[category][2],
        )
    _rules(categories)
    _manager_page_permissions(index)
    orders_add(stdout)
    orders = orders_paid_today_add()
    stdout.write(f"shop: {len(PRODUCTS)} products ({created} new) in {len(categories)} categories")
    stdout.write(f"shop: {orders} demo orders paid today")
    from shop.gift_demo import seed_gifts

    seed_gifts(home=_home_page(), stdout=stdout)


def _home_page() -> Page:
    home = Page.objects.filter(content_type__app_label="cms", content_type__model="homepage").first()
    if home is not None:
        return home
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page if site else Page.get_first_root_node()


def _shop_index() -> ShopIndexPage:
    index = ShopIndexPage.objects.first()
    if index is None:
        index = _home_page().add_child(
            instance=ShopIndexPage(
                title="Shop",
                slug="shop",
                intro="<p>Everything here is handmade by survivors, and every purchase pays their wages.</p>",
                show_in_menus=True,
            )
        )
    elif not index.show_in_menus:
        index.show_in_menus = True
        index.save(update_fields=["show_in_menus"])
    return index


def _rules(categories) -> None:
    """Per-category rules: labour minutes at $18/hour to survivor wages, 20 % materials, rest operations.
    Made through the ledger's service like any rule Finance creates."""
    from ledger import services as ledger_services
    from ledger.models import AllocationRule, Fund

    if Fund.objects.filter(slug__in=["survivor-wages", "materials", "operations"]).count() < 3:
        return  # the ledger's accounts are not there (it seeds them in its migration)
    for category in categories.values():
        if AllocationRule.objects.filter(
            target="category", key=str(category.pk), effective_from=RULES_FROM
        ).exists():
            continue
        ledger_services.allocation_rule_create(
            name=f"Shop: {category.title}",
            target="category",
            key=str(category.pk),
            effective_from=RULES_FROM,
            remainder_fund="operations",
            shares=(
                ledger_services.ShareInput(
                    fund="survivor-wages", basis="per_labour_minute", amount=WAGE_PER_MINUTE
                ),
                ledger_services.ShareInput(fund="materials", percentage=MATERIALS_PERCENT),
            ),
        )


def _manager_page_permissions(index) -> None:
    group = Group.objects.filter(name="Shop managers").first()
    if group is None:
        return
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=_page_permission(permission),
        )


def _page_permission(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
