"""The move to one table of contact messages (community 0008, funding 0004) loses no stored
message: each row of the three old tables (messages to people, biobank contact requests, partner
messages) arrives in community.ContactMessage with its recipient, sender, text, dates and "mail
failed" mark; and going back restores the old tables."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("community", "0007_contact_mail_failed"), ("funding", "0003_listing_biobanks")]
AFTER = [("community", "0008_contact_messages"), ("funding", "0004_contact_messages_to_community")]
WRITTEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
FAILED = WRITTEN + timedelta(minutes=1)


def migrate(targets):
    """Migrate to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def at_old_schema():
    """The database before the move; migrated to the latest schema again afterwards."""
    yield migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def aged(model, stored, created_at):
    model.objects.filter(pk=stored.pk).update(created_at=created_at)


def old_rows(apps):
    """One message of each kind in the old tables, the biobank's marked as failed."""
    user = apps.get_model("auth", "User").objects.create(username="ada", email="ada@example.org")
    person = apps.get_model("community", "Person").objects.create(
        name="Quality officer", email="quality@example.org"
    )
    biobank = apps.get_model("community", "Biobank").objects.create(
        catalogue_id="bbmri-eric:ID:BE_X", name="Biobank X", slug="x", contact_email="x@bb.example"
    )
    listing = apps.get_model("funding", "PartnershipListing").objects.create(
        kind="offer",
        title="Serum for pilots",
        summary="Serum.",
        description="Serum aliquots.",
        organisation_name="Biobank X",
        organisation_type="biobank",
        sector="academic",
        resources=["samples"],
        contact_role="Access desk",
        contact_email="desk@bb.example",
        expires_on=date(2027, 6, 1),
        status="approved",
    )
    PersonMessage = apps.get_model("community", "PersonMessage")
    ContactRequest = apps.get_model("community", "ContactRequest")
    PartnerMessage = apps.get_model("funding", "ContactMessage")
    aged(
        PersonMessage,
        PersonMessage.objects.create(
            person=person, name="Sam", email="sam@example.org", message="The SOP, please."
        ),
        WRITTEN,
    )
    aged(
        ContactRequest,
        ContactRequest.objects.create(
            biobank=biobank,
            name="Ada",
            email="ada@example.org",
            organisation="Lab",
            message="Serum of colon cancer patients?",
            sent_to="old-address@bb.example",
            mail_failed_at=FAILED,
        ),
        WRITTEN,
    )
    aged(
        PartnerMessage,
        PartnerMessage.objects.create(
            listing=listing,
            sender=user,
            sender_name="Ada",
            sender_email="ada@example.org",
            message="Forty aliquots?",
            mail_failed=True,
        ),
        WRITTEN,
    )
    return user, person, biobank, listing


def test_every_stored_message_arrives_in_the_one_table_with_its_recipient(at_old_schema):
    user, person, biobank, listing = old_rows(at_old_schema)

    apps = migrate(AFTER)
    ContactMessage = apps.get_model("community", "ContactMessage")
    rows = {
        row.target_type.model: row
        for row in ContactMessage.objects.select_related("target_type").order_by("pk")
    }
    assert ContactMessage.objects.count() == 3 and set(rows) == {
        "person",
        "biobank",
        "partnershiplisting",
    }
    to_person, to_biobank, to_partner = rows["person"], rows["biobank"], rows["partnershiplisting"]
    assert (to_person.target_id, to_person.name, to_person.email, to_person.message) == (
        person.pk,
        "Sam",
        "sam@example.org",
        "The SOP, please.",
    )
    assert to_person.sent_to == "quality@example.org" and to_person.mail_failed_at is None
    assert (to_biobank.target_id, to_biobank.organisation, to_biobank.sent_to) == (
        biobank.pk,
        "Lab",
        "old-address@bb.example",
    )
    assert to_biobank.mail_failed_at == FAILED
    assert (to_partner.target_id, to_partner.sender_id, to_partner.name) == (
        listing.pk,
        user.pk,
        "Ada",
    )
    assert (to_partner.email, to_partner.message, to_partner.sent_to) == (
        "ada@example.org",
        "Forty aliquots?",
        "desk@bb.example",
    )
    assert to_partner.mail_failed_at == WRITTEN  # failed: tried when it was written
    assert {row.created_at for row in rows.values()} == {WRITTEN}
    assert {row.target_type.app_label for row in rows.values()} == {"community", "funding"}

    # And back: the old tables hold the messages again, the new one is gone.
    apps = migrate(BEFORE)
    [back_to_person] = apps.get_model("community", "PersonMessage").objects.all()
    assert (back_to_person.person_id, back_to_person.message) == (person.pk, "The SOP, please.")
    [back_to_biobank] = apps.get_model("community", "ContactRequest").objects.all()
    assert (back_to_biobank.sent_to, back_to_biobank.mail_failed_at) == (
        "old-address@bb.example",
        FAILED,
    )
    [back_to_partner] = apps.get_model("funding", "ContactMessage").objects.all()
    assert (back_to_partner.listing_id, back_to_partner.sender_id) == (listing.pk, user.pk)
    assert back_to_partner.mail_failed and back_to_partner.created_at == WRITTEN
