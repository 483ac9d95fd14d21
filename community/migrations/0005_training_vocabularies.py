"""Seed the training vocabularies: the target audiences and the first-class themes."""

from django.db import migrations

AUDIENCES = [
    ("biobank-staff", "Biobank staff", "Technicians, managers and quality officers of biobanks."),
    ("researchers", "Researchers", "Scientists who use, or want to use, samples and data."),
    ("data-stewards", "Data stewards", "People who make data findable and reusable."),
    ("ethics-committees", "Ethics committees",
     "Members and secretaries of research ethics committees and access committees."),
    ("patients-and-public", "Patients and public", "Donors, participants and anyone curious."),
    ("students", "Students", "The next generation of users of research infrastructures."),
]
THEMES = [
    ("elsi", "ELSI", "Ethical, legal and societal issues."),
    ("fair", "FAIR", "Findable, accessible, interoperable and reusable samples and data."),
    ("open-science", "Open Science", "Open access, open data and transparent research."),
]


def seed(apps, schema_editor):
    for model_name, rows in (("TrainingAudience", AUDIENCES), ("TrainingTheme", THEMES)):
        model = apps.get_model("community", model_name)
        for order, (slug, name, description) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("community", "0004_training_news")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
