import uuid

from django.db import migrations, models


def first_generation(apps, schema_editor):
    apps.get_model("hub", "CacheGeneration").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CacheGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("token", models.CharField(max_length=32, verbose_name="token")),
            ],
            options={"verbose_name": "cache generation"},
        ),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
    ]
