"""The "Partnership moderators" group: may use the Wagtail admin, review partnership listings
(approve or reject them) and read the messages sent through "contact the partner". Its members
are mailed when a listing is submitted."""

from django.db import migrations

GROUP_NAME = "Partnership moderators"
PERMISSIONS = [
    ("partnershiplisting", ["view", "change"]),
    ("contactmessage", ["view"]),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin",
                                                             model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access_admin)
    for model, actions in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label="funding",
                                                                   model=model)
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
