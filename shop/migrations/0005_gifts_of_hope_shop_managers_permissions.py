"""Gifts of Hope holds customer data (names, addresses, logos): Shop managers only, like orders."""

from django.db import migrations

GROUP = "Shop managers"
MODELS = ["giftorder", "giftshipment", "giftquote", "logoproof", "palettecolour", "giftssettings"]
EXTRA = ["view_gift_logo", "send_invoice"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("shop")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="shop", codename__in=codenames + EXTRA)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
        group.permissions.remove(*Permission.objects.filter(codename__in=codenames + EXTRA))


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_gifts_of_hope")]

    operations = [migrations.RunPython(grant, revoke)]
