"""Give Development full use of giving records and Finance read access (plus tax-year figures);
seed the IRS figures of the years known when this was written (staff add later years in the admin)."""

from decimal import Decimal

from django.db import migrations

MODELS = ["donor", "donation", "recurringgift", "receipt", "campaign", "designation", "taxyearthreshold",
          "donationrefund", "donationdispute", "annualstatementdelivery"]
FINANCE_EXTRA = ["add_taxyearthreshold", "change_taxyearthreshold", "change_receipt"]

# Rev. Proc. 2023-34 (2024) and 2024-40 (2025): insubstantial-benefit and token-item figures.
TAX_YEARS = {
    2024: {"insubstantial_benefit_limit": "132.00", "token_minimum_payment": "66.00", "token_maximum_cost": "13.20"},
    2025: {"insubstantial_benefit_limit": "136.00", "token_minimum_payment": "68.00", "token_maximum_cost": "13.60"},
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    development, _ = Group.objects.get_or_create(name="Development")
    finance, _ = Group.objects.get_or_create(name="Finance")
    own = Permission.objects.filter(content_type__app_label="donations", content_type__model__in=MODELS)
    development.permissions.add(*own)
    finance.permissions.add(*own.filter(codename__startswith="view_"), *own.filter(codename__in=FINANCE_EXTRA))
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    for group in (development, finance):
        group.permissions.add(*admin_access)

    TaxYearThreshold = apps.get_model("donations", "TaxYearThreshold")
    for year, figures in TAX_YEARS.items():
        TaxYearThreshold.objects.get_or_create(
            year=year, defaults={key: Decimal(value) for key, value in figures.items()}
        )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    own = Permission.objects.filter(content_type__app_label="donations")
    for group in Group.objects.filter(name__in=["Development", "Finance"]):
        group.permissions.remove(*own)


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
