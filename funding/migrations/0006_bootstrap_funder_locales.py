"""Existing funders become the source-language (English) rows of translatable snippets: each a
locale and a translation key (Wagtail's documented path, BootstrapTranslatableModel)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0005_bootstrap_translatable"),
        ("hub", "0004_content_locales"),
    ]

    operations = [BootstrapTranslatableModel("funding.Funder")]
