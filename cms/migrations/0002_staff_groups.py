"""Staff groups with the least permissions each needs (other apps add their own models' rights).

Editors: pages (add, change, publish on the whole tree), images, documents and the public site
settings. Development: form submissions (personal data) and the organisation's legal settings.
Finance: the organisation's legal settings. Shop managers: admin access and image/document uploads.
Every group is fetched with get_or_create by name, so other apps' migrations may run first or later.
"""

from django.db import migrations

GROUPS = ["Editors", "Shop managers", "Development", "Finance"]
PAGE_PERMISSIONS = {"Editors": ["add_page", "change_page", "publish_page"]}
COLLECTION_PERMISSIONS = {
    "Editors": [
        "add_image", "change_image", "delete_image", "choose_image",
        "add_document", "change_document", "delete_document", "choose_document",
    ],
    "Shop managers": ["add_image", "choose_image", "add_document", "choose_document"],
    "Development": ["add_image", "choose_image", "add_document", "choose_document"],
}
MODEL_PERMISSIONS = {
    "Editors": [("cms", "change_sitesettings")],
    "Development": [
        ("wagtailforms", "view_formsubmission"),
        ("wagtailforms", "delete_formsubmission"),
        ("cms", "change_organisationsettings"),
    ],
    "Finance": [("cms", "change_organisationsettings")],
}
COLLECTION_PERMISSION_APPS = {"image": "wagtailimages", "document": "wagtaildocs"}


def _ensure_permissions_exist(apps):
    # Permissions are normally created after migrate; this data migration needs them now.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, codename in MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(name, []):
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        if root_collection is not None:
            for codename in COLLECTION_PERMISSIONS.get(name, []):
                app_label = COLLECTION_PERMISSION_APPS[codename.split("_", 1)[1]]
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
