"""The "editor" group: staff who correct articles and people but cannot delete issues or people
nor manage users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "editor"
# (model, actions) of the archive app the editors get.
EDITOR_PERMISSIONS = {
    "article": ("view", "change"),
    "appearance": ("view", "add", "change", "delete"),
    "event": ("view", "add", "change", "delete"),
    "person": ("view", "add", "change"),
    "personalias": ("view", "add", "change", "delete"),
    "topic": ("view", "add", "change"),
    "articletopic": ("view", "add", "change", "delete"),
    "issue": ("view", "change"),
    "paper": ("view",),
    "changerecord": ("view",),
}


def create_editor_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR_GROUP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0002_article_absorbed_parse_positions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
