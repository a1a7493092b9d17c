"""The Community staff group: pledges, certificates, shifts, sign-ups (rosters) and inquiries.

Editors write the course and the community pages (page permissions on the whole tree, from cms) and
get none of these models, which hold personal data. Fetched by name, so migration order does not matter.
"""

from django.db import migrations

GROUP = "Community"
PERMISSIONS = {
    "pledge": ["view", "change"],
    "pledgeinvite": ["view"],
    "certificate": ["view"],
    "learner": ["view"],
    "shift": ["add", "change", "delete", "view"],
    "shiftsignup": ["view", "change"],
    "inquiry": ["view", "change"],
    "inquirymessage": ["view", "add"],
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for model, actions in PERMISSIONS.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="community", codename=f"{action}_{model}")
            )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_training_pledges_volunteering_inquiries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
