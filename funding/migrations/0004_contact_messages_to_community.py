"""Messages sent through "contact the partner" move into the hub's one table of contact messages
(community.ContactMessage, community 0008), with the listing as their recipient; funding's own
ContactMessage table is dropped. A failed mail's mark becomes the time it failed (the message's
creation: the mail was tried then). Reversible: going back copies them into the old table again.
"""

from django.db import migrations

BATCH = 500


def copy_rows(rows, model, build):
    """Insert `build(row)` for each row into `model`, keeping each row's created_at (auto_now_add
    would stamp the time of the migration on insert)."""
    rows = list(rows)
    created = model.objects.bulk_create([build(row) for row in rows], batch_size=BATCH)
    for new, row in zip(created, rows, strict=True):
        new.created_at = row.created_at
    model.objects.bulk_update(created, ["created_at"], batch_size=BATCH)


def to_community(apps, schema_editor):
    OldMessage = apps.get_model("funding", "ContactMessage")
    ContactMessage = apps.get_model("community", "ContactMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not OldMessage.objects.exists():
        return
    listing_type = ContentType.objects.get_or_create(
        app_label="funding", model="partnershiplisting"
    )[0]
    copy_rows(
        OldMessage.objects.select_related("listing").order_by("pk"),
        ContactMessage,
        lambda row: ContactMessage(
            target_type=listing_type,
            target_id=row.listing_id,
            sender_id=row.sender_id,
            name=row.sender_name,
            email=row.sender_email,
            message=row.message,
            sent_to=row.listing.contact_email,  # the address it went (or was to go) to
            mail_failed_at=row.created_at if row.mail_failed else None,
        ),
    )


def from_community(apps, schema_editor):
    OldMessage = apps.get_model("funding", "ContactMessage")
    ContactMessage = apps.get_model("community", "ContactMessage")
    to_partners = ContactMessage.objects.filter(
        target_type__app_label="funding", target_type__model="partnershiplisting"
    )
    copy_rows(
        to_partners.order_by("pk"),
        OldMessage,
        lambda row: OldMessage(
            listing_id=row.target_id,
            sender_id=row.sender_id,
            sender_name=row.name,
            sender_email=row.email,
            message=row.message,
            mail_failed=row.mail_failed_at is not None,
        ),
    )
    to_partners.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_listing_biobanks"),
        ("community", "0008_contact_messages"),
    ]

    operations = [
        migrations.RunPython(to_community, from_community),
        migrations.DeleteModel(name="ContactMessage"),
    ]
