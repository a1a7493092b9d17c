"""The accounts production needs, the impact units, and the Finance group with its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from ledger.chart_of_accounts import create_accounts, create_finance_group


def accounts(apps, schema_editor):
    create_accounts(apps.get_model("ledger", "Fund"))


def finance_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_finance_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(accounts, migrations.RunPython.noop),
        migrations.RunPython(finance_group, migrations.RunPython.noop),
    ]
