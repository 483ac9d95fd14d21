"""Existing people become the source-language (English) rows of translatable snippets: each a
locale and a translation key (Wagtail's documented path, BootstrapTranslatableModel)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0014_bootstrap_translatable"),
        ("hub", "0004_content_locales"),
    ]

    operations = [BootstrapTranslatableModel("community.Person")]
