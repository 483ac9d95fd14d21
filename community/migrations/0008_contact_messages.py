"""One table for every message written through the hub's contact forms (ContactMessage), whose
recipient is a generic relation. The messages to people (PersonMessage) and to biobanks
(ContactRequest) are copied into it, then their tables are dropped; funding's partner messages
follow in funding 0004. Reversible: going back copies them into the old tables again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 500


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def copy_rows(rows, model, build):
    """Insert `build(row)` for each row into `model`, keeping each row's created_at (auto_now_add
    would stamp the time of the migration on insert)."""
    rows = list(rows)
    created = model.objects.bulk_create([build(row) for row in rows], batch_size=BATCH)
    for new, row in zip(created, rows, strict=True):
        new.created_at = row.created_at
    model.objects.bulk_update(created, ["created_at"], batch_size=BATCH)


def to_contact_messages(apps, schema_editor):
    ContactMessage = apps.get_model("community", "ContactMessage")
    PersonMessage = apps.get_model("community", "PersonMessage")
    ContactRequest = apps.get_model("community", "ContactRequest")
    if PersonMessage.objects.exists():
        person_type = content_type(apps, "community", "person")
        copy_rows(
            PersonMessage.objects.select_related("person").order_by("pk"),
            ContactMessage,
            lambda row: ContactMessage(
                target_type=person_type,
                target_id=row.person_id,
                name=row.name,
                email=row.email,
                message=row.message,
                sent_to=row.person.email,  # the address it went (or was to go) to
                mail_failed_at=row.mail_failed_at,
            ),
        )
    if ContactRequest.objects.exists():
        biobank_type = content_type(apps, "community", "biobank")
        copy_rows(
            ContactRequest.objects.order_by("pk"),
            ContactMessage,
            lambda row: ContactMessage(
                target_type=biobank_type,
                target_id=row.biobank_id,
                name=row.name,
                email=row.email,
                organisation=row.organisation,
                message=row.message,
                sent_to=row.sent_to,
                mail_failed_at=row.mail_failed_at,
            ),
        )


def from_contact_messages(apps, schema_editor):
    ContactMessage = apps.get_model("community", "ContactMessage")
    PersonMessage = apps.get_model("community", "PersonMessage")
    ContactRequest = apps.get_model("community", "ContactRequest")
    to_people = ContactMessage.objects.filter(
        target_type__app_label="community", target_type__model="person"
    )
    copy_rows(
        to_people.order_by("pk"),
        PersonMessage,
        lambda row: PersonMessage(
            person_id=row.target_id,
            name=row.name,
            email=row.email,
            message=row.message,
            mail_failed_at=row.mail_failed_at,
        ),
    )
    to_biobanks = ContactMessage.objects.filter(
        target_type__app_label="community", target_type__model="biobank"
    )
    copy_rows(
        to_biobanks.order_by("pk"),
        ContactRequest,
        lambda row: ContactRequest(
            biobank_id=row.target_id,
            name=row.name,
            email=row.email,
            organisation=row.organisation,
            message=row.message,
            sent_to=row.sent_to,
            mail_failed_at=row.mail_failed_at,
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0007_contact_mail_failed"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("target_id", models.PositiveBigIntegerField(verbose_name="recipient's id")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                (
                    "organisation",
                    models.CharField(blank=True, max_length=200, verbose_name="organisation"),
                ),
                ("message", models.TextField(verbose_name="message")),
                (
                    "sent_to",
                    models.EmailField(
                        help_text="The recipient's address when the message was written (never shown).",
                        max_length=254,
                        verbose_name="sent to",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                (
                    "mail_failed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the mail could not be sent; empty once it went (manage.py resend_failed_mails).",
                        null=True,
                        verbose_name="mail failed",
                    ),
                ),
                (
                    "sender",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sender's account",
                    ),
                ),
                (
                    "target_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="kind of recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact message",
                "verbose_name_plural": "contact messages",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["target_type", "target_id"], name="community_c_target__7e7b72_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(to_contact_messages, from_contact_messages),
        migrations.DeleteModel(name="PersonMessage"),
        migrations.DeleteModel(name="ContactRequest"),
    ]
