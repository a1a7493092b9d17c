"""The accounts the books need, and the Finance group; created by a data migration.

Shared by that migration (with historical models) and `accounts_ensure` (with the real ones), so a
database emptied by a flush (transactional tests, a reset demo) gets exactly the same accounts.
"""

from __future__ import annotations

from decimal import Decimal

FUNDS = [
    # slug, name, restricted, public, impact unit label, cost (USD), sort order, description
    (
        "survivor-wages",
        "Survivor wages",
        False,
        True,
        "hour of survivor wages",
        "18.00",
        10,
        "Fair wages for the survivors who make every product.",
    ),
    (
        "counseling",
        "Counseling",
        True,
        True,
        "counseling session",
        "75.00",
        20,
        "Trauma-informed counseling.",
    ),
    (
        "mental-health-therapy",
        "Mental health therapy",
        True,
        True,
        "therapy session",
        "120.00",
        30,
        "Licensed mental health therapy.",
    ),
    (
        "care-management",
        "Care management",
        True,
        True,
        "week of care management",
        "150.00",
        40,
        "Housing, legal and medical navigation with a care manager.",
    ),
    ("materials", "Materials", False, True, "", None, 50, "Materials for the products survivors make."),
    ("operations", "Operations", False, False, "", None, 60, "General operations; bears processing fees."),
]
SYSTEM_ACCOUNTS = [
    ("stripe-balance", "Stripe balance", "Money held by Stripe: debited with what customers pay."),
    ("processing-fees", "Processing fees", "Stripe's fees; each leg names the fund it is charged to."),
    ("sales-tax-payable", "Sales tax payable", "Sales tax collected, owed to the tax authority."),
    ("shipping-income", "Shipping income", "Shipping charged to customers; never fund revenue."),
    ("event-income", "Event income", "Ticket income that is not a gift."),
    ("refunds-clearing", "Refunds clearing", "Refunds issued outside Stripe, awaiting settlement."),
]
# Income that is not fund revenue but may be named directly as a designation (what paid for an
# event benefit goes to event income, never to a restricted fund).
DESIGNABLE_INCOME_ACCOUNTS = frozenset({"event-income"})
# Slugs the services post to by name: they can be edited but never renamed.
REQUIRED_SLUGS = frozenset({"operations"} | {slug for slug, _name, _description in SYSTEM_ACCOUNTS})

FINANCE_GROUP = "Finance"
FINANCE_MODELS = ["fund", "allocationrule", "allocationshare", "posting", "entry", "postingtag"]
READ_ONLY_MODELS = {"posting", "entry", "postingtag"}


def create_accounts(fund_model) -> None:
    for slug, name, restricted, public, label, cost, order, description in FUNDS:
        fund_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": "fund",
                "restricted": restricted,
                "public": public,
                "impact_unit_label": label,
                "impact_unit_cost": Decimal(cost) if cost else None,
                "impact_unit_cost_currency": "USD",
                "sort_order": order,
                "description": description,
            },
        )
    for order, (slug, name, description) in enumerate(SYSTEM_ACCOUNTS, start=100):
        fund_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": "system",
                "public": False,
                "sort_order": order,
                "description": description,
            },
        )


def finance_codenames() -> list[str]:
    codenames = ["view_fund_report"]
    for model in FINANCE_MODELS:
        codenames.append(f"view_{model}")
        if model not in READ_ONLY_MODELS:
            codenames += [f"add_{model}", f"change_{model}", f"delete_{model}"]
    return codenames


def create_finance_group(group_model, permission_model) -> None:
    finance, _ = group_model.objects.get_or_create(name=FINANCE_GROUP)
    finance.permissions.add(
        *permission_model.objects.filter(content_type__app_label="ledger", codename__in=finance_codenames()),
        *permission_model.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
