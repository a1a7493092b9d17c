"""Grant the shop's model permissions to "Shop managers" (created by name if missing).

Customer data (orders, carts) is granted to no other group: Editors, Development and Finance never
see names, emails or addresses; Finance reads totals from the ledger's reports instead.
"""

from django.db import migrations

GROUP = "Shop managers"
MODELS = [
    "maker",
    "order",
    "orderline",
    "orderrefund",
    "shipment",
    "ordernote",
    "orderdispute",
    "productvariant",
    "shopsettings",
]
EXTRA = ["refund_order", "ship_order"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("shop")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    permissions = Permission.objects.filter(content_type__app_label="shop", codename__in=codenames + EXTRA)
    group.permissions.add(*permissions)
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*admin_access)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="shop"))


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
