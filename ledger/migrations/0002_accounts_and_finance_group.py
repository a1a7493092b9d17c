"""The accounts production needs, the impact units, and the Finance group with its permissions."""

from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

FUNDS = [
    # slug, name, restricted, public, impact unit label, cost (USD), sort order, description
    ("survivor-wages", "Survivor wages", False, True, "hour of survivor wages", "18.00", 10,
     "Fair wages for the survivors who make every product."),
    ("counseling", "Counseling", True, True, "counseling session", "75.00", 20,
     "Trauma-informed counseling sessions."),
    ("mental-health-therapy", "Mental health therapy", True, True, "therapy session", "120.00", 30,
     "Licensed mental health therapy."),
    ("care-management", "Care management", True, True, "week of care management", "150.00", 40,
     "Housing, legal and medical navigation with a care manager."),
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
FINANCE_MODELS = ["fund", "allocationrule", "allocationshare", "posting", "entry", "postingtag"]
READ_ONLY_MODELS = {"posting", "entry", "postingtag"}


def create_accounts(apps, schema_editor):
    Fund = apps.get_model("ledger", "Fund")
    for slug, name, restricted, public, label, cost, order, description in FUNDS:
        Fund.objects.get_or_create(
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
        Fund.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": "system", "public": False, "sort_order": order,
                      "description": description},
        )


def create_finance_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    finance, _ = Group.objects.get_or_create(name="Finance")
    codenames = ["view_fund_report"]
    for model in FINANCE_MODELS:
        codenames.append(f"view_{model}")
        if model not in READ_ONLY_MODELS:
            codenames += [f"add_{model}", f"change_{model}", f"delete_{model}"]
    finance.permissions.add(
        *Permission.objects.filter(content_type__app_label="ledger", codename__in=codenames),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_accounts, migrations.RunPython.noop),
        migrations.RunPython(create_finance_group, migrations.RunPython.noop),
    ]
