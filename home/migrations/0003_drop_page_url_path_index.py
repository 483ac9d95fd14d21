"""The url_path index served HomePage.route, which reversed Wagtail's routing precedence (a
child page named like a route of its parent took the route's address) and is gone: Wagtail
routes again, one level at a time, and nothing else looks pages up by url_path."""

from django.db import migrations

NAME = "home_page_url_path"


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


def create(apps, schema_editor):
    using = " USING hash" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page{using} (url_path)")


class Migration(migrations.Migration):
    dependencies = [("home", "0002_page_url_path_index")]

    operations = [migrations.RunPython(drop, create)]
