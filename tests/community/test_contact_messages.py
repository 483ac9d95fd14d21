"""Stored contact messages (to people, biobanks, partners): in "download my data", erased with
the account, and deleted after CONTACT_MESSAGE_RETENTION_DAYS by `purge_contact_messages`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import timezone

from community.models import Biobank, ContactMessage, Person
from funding.models import PartnershipListing
from hub.outbox.models import OutgoingMail
from tests.community.commits import production_commits

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"
PASSWORD = "a-Long-passw0rd!"  # the user_factory default


def to_person(email, text, age_days=0):
    person = Person.objects.get(locale__language_code="en", name="Quality officer")
    stored = ContactMessage.objects.create(
        target=person, name="Ada", email=email, message=text, sent_to=person.email
    )
    return _aged(stored, age_days)


def to_biobank(email, text, age_days=0):
    biobank = Biobank.objects.get(slug="uza")
    stored = ContactMessage.objects.create(
        target=biobank,
        name="Ada",
        email=email,
        organisation="Lab",
        message=text,
        sent_to=biobank.contact_email,
    )
    return _aged(stored, age_days)


def to_partner(text, age_days=0):
    listing = PartnershipListing.objects.public().order_by("pk").first()
    stored = ContactMessage.objects.create(
        target=listing, name="Ada", email=EMAIL, message=text, sent_to=listing.contact_email
    )
    return _aged(stored, age_days)


def _aged(stored, age_days):
    ContactMessage.objects.filter(pk=stored.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return stored


def messages_to(kind) -> list[str]:
    return list(ContactMessage.objects.to_kind(kind).values_list("message", flat=True))


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_contact_messages", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def member_client(client, user_factory):
    member = user_factory(EMAIL)
    client.force_login(member)
    return client


def test_download_my_data_holds_the_messages_sent_from_my_verified_addresses(
    site_tree, member_client
):
    user = EmailAddress.objects.get(email=EMAIL).user
    EmailAddress.objects.create(user=user, email="not-proven@example.com", verified=False)
    to_person(EMAIL, "Could you share the SOP?")
    to_biobank(EMAIL.upper(), "Do you hold serum of colon cancer patients?")
    to_person("not-proven@example.com", "Somebody else's message")
    to_biobank("other@example.org", "Another sender's request")

    data = json.loads(member_client.post("/accounts/data/").content)
    messages = data["contact_messages"]
    assert [m["message"] for m in messages["to_people"]] == ["Could you share the SOP?"]
    assert messages["to_people"][0]["to"] == "Quality officer"
    assert [m["message"] for m in messages["to_biobanks"]] == [
        "Do you hold serum of colon cancer patients?"
    ]
    assert "Somebody else" not in json.dumps(data) and "Another sender" not in json.dumps(data)
    page = member_client.get("/accounts/data/").content.decode()
    assert "contact people and to biobanks" in page


def test_deleting_my_account_deletes_my_contact_messages_only(site_tree, member_client):
    to_person(EMAIL, "Mine")
    to_biobank(EMAIL, "Mine too")
    to_person("other@example.org", "Not mine")

    response = member_client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert messages_to(Person) == ["Not mine"]
    assert messages_to(Biobank) == []


def test_purge_deletes_every_kind_of_contact_message_past_the_retention_time(site_tree, settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 180
    to_person(EMAIL, "old", age_days=181)
    to_person(EMAIL, "recent", age_days=179)
    to_biobank(EMAIL, "old", age_days=400)
    to_biobank(EMAIL, "recent", age_days=1)
    to_partner("old", age_days=200)
    to_partner("recent")

    assert "would be deleted: 3" in purge("--dry-run")
    assert ContactMessage.objects.count() == 6

    out = purge()
    assert "deleted: 3" in out
    assert "Messages to people: 1" in out and "Messages to partnership listings: 1" in out
    for kind in (Person, Biobank, PartnershipListing):
        assert messages_to(kind) == ["recent"], kind
    assert "deleted: 0" in purge(), "a second run deletes nothing more"
    assert "deleted: 2" in purge("--days", "1")  # 179 days and one day old
    assert list(ContactMessage.objects.values_list("message", flat=True)) == ["recent"]
    assert messages_to(PartnershipListing) == ["recent"]


def test_purge_refuses_a_retention_below_one_day(site_tree):
    to_person(EMAIL, "kept")
    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", "0")
    assert ContactMessage.objects.count() == 1


# --- One table, three kinds of recipient: sent again, deleted with the recipient ------------


class RefusingBackend:
    """No mail server listening."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def resend() -> tuple[str, bool]:
    """`manage.py resend_failed_mails` as cron runs it: its output, and whether it failed."""
    out = StringIO()
    with production_commits():
        try:
            call_command("resend_failed_mails", stdout=out)
        except CommandError as error:
            return f"{out.getvalue()}{error}", False
    return out.getvalue(), True


def test_one_failed_message_of_each_kind_is_resent_once(site_tree, settings, user_factory):
    """Written by a member from their verified address: the biobank's and the partner's mails
    are followed by the sender's copies (after them, also on a resend)."""
    from django.core import mail

    from community.services import contact

    member = user_factory(EMAIL)

    person = Person.objects.get(locale__language_code="en", name="Quality officer")
    biobank = Biobank.objects.get(slug="uza")
    listing = PartnershipListing.objects.public().order_by("pk").first()
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()  # the first failure is final
    for target in (person, biobank, listing):
        with production_commits():
            stored = contact.send(
                target,
                sender=member,
                name="Ada",
                email=EMAIL,
                message=f"To {target}",
                organisation="Lab",
            )
        stored.refresh_from_db()
        assert stored.mail_failed_at is not None
    out, ok = resend()
    assert not ok and "3 could not be sent" in out, "still down: all three kept, and cron hears"
    assert ContactMessage.objects.mail_failed().count() == 3
    assert OutgoingMail.objects.failed().count() == 3  # staff see them too

    settings.EMAIL_BACKEND = LOCMEM
    out, ok = resend()
    assert ok and "Failed mails sent again: 3 sent, 0 handed to the worker, 0 could not" in out
    for kind in ("people", "biobanks", "partnership listings"):
        assert f"Messages to {kind}: 1 sent" in out
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    # The person gets the message (no copy); the biobank and the partner too, then the sender
    # gets a copy of each.
    assert [to for to, _subject in sent] == sorted(
        [person.email, biobank.contact_email, listing.contact_email, EMAIL, EMAIL]
    )
    for message in mail.outbox:
        if message.to != [EMAIL]:
            assert message.reply_to == [EMAIL]
    assert not ContactMessage.objects.mail_failed().exists()

    out, ok = resend()
    assert ok and "Failed mails sent again: 0 sent" in out
    assert len(mail.outbox) == 5, "a message that went is not sent twice"


def test_a_recipient_takes_its_messages_with_it(site_tree):
    """The recipient is a generic relation (no foreign key): deleting a person, a biobank or a
    listing must still delete the messages written to it, and only those."""
    to_person(EMAIL, "to the person")
    to_biobank(EMAIL, "to the biobank")
    to_partner("to the partner")
    Person.objects.get(locale__language_code="en", name="Quality officer").delete()
    assert messages_to(Person) == [] and ContactMessage.objects.count() == 2
    Biobank.objects.get(slug="uza").delete()
    PartnershipListing.objects.public().order_by("pk").first().delete()
    assert not ContactMessage.objects.exists()


def test_the_admin_lists_each_kind_of_message_apart(site_tree, client, user_factory):
    """Staff read messages to people, biobank contact requests and partner messages in three
    lists of the one table: each shows its own kind only, and filters on a failed mail."""
    person_message = to_person("to-person@example.org", "to the person")
    to_biobank("to-biobank@example.org", "to the biobank")
    to_partner("to the partner")
    ContactMessage.objects.filter(pk=person_message.pk).update(mail_failed_at=timezone.now())
    client.force_login(user_factory("staff@example.org", is_superuser=True, is_staff=True))

    def listed(url):
        return client.get(url).content.decode()

    people = listed("/admin/contact_messages/")
    assert "to-person@example.org" in people and "Quality officer" in people
    assert "to-biobank@example.org" not in people and EMAIL not in people
    biobanks = listed("/admin/biobank_contact_requests/")
    assert "to-biobank@example.org" in biobanks and "to-person@example.org" not in biobanks
    partners = listed("/admin/partner_messages/")
    assert EMAIL in partners and "to-biobank@example.org" not in partners
    assert "to-person@example.org" in listed("/admin/contact_messages/?mail_failed=true")
    assert "to-person@example.org" not in listed("/admin/contact_messages/?mail_failed=false")
    assert "to-biobank@example.org" not in listed(
        "/admin/biobank_contact_requests/?mail_failed=true"
    )


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/admin/contact_messages/", lambda: to_person("erase-me@example.org", "to the person")),
        (
            "/admin/biobank_contact_requests/",
            lambda: to_biobank("erase-me@example.org", "to the biobank"),
        ),
        ("/admin/partner_messages/", lambda: to_partner("to the partner")),
    ],
)
def test_staff_delete_one_message_of_each_kind_from_its_list(
    site_tree, client, user_factory, url, make
):
    """An erasure request for one message: its list's delete view asks, then deletes it only."""
    stored, other = make(), to_person("keep-me@example.org", "another message")
    client.force_login(user_factory("staff@example.org", is_superuser=True, is_staff=True))

    confirm = client.get(f"{url}delete/{stored.pk}/")
    assert confirm.status_code == 200
    assert "Delete" in confirm.content.decode()
    response = client.post(f"{url}delete/{stored.pk}/", follow=True)

    assert response.status_code == 200
    assert not ContactMessage.objects.filter(pk=stored.pk).exists()
    assert ContactMessage.objects.filter(pk=other.pk).exists()


def test_a_resend_goes_to_the_corrected_address_and_waits_while_there_is_none(site_tree, settings):
    """A mail failed because the contact address was wrong: staff correct it, and the resend goes
    there; while the address is removed, the message waits (still marked), never lost."""
    from django.core import mail

    from community.services import contact

    person = Person.objects.get(locale__language_code="en", name="Quality officer")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()
    with production_commits():
        stored = contact.send(person, name="Ada", email=EMAIL, message="About sample quality")
    settings.EMAIL_BACKEND = LOCMEM

    Person.objects.filter(pk=person.pk).update(email="")
    out, ok = resend()
    assert not ok and "1 waiting for the recipient's address" in out
    assert not mail.outbox and ContactMessage.objects.mail_failed().count() == 1

    Person.objects.filter(pk=person.pk).update(email="quality-desk@example.org")
    out, ok = resend()
    assert ok and "Messages to people: 1 sent" in out
    [message] = mail.outbox
    assert message.to == ["quality-desk@example.org"] and "About sample quality" in message.body
    stored.refresh_from_db()
    assert (stored.sent_to, stored.mail_failed_at) == ("quality-desk@example.org", None)
    assert resend()[1] and len(mail.outbox) == 1


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_a_message_to_a_recipient_without_address_waits_then_goes_once(
    site_tree, settings, user_factory, signed_in
):
    """Nowhere to send it when it was written: stored and marked, no mail queued; once staff add
    an address, one run queues its mails (and the copy after them, for a member writing from
    their verified address only), a second run nothing."""
    from django.core import mail

    from community.services import contact

    sender = user_factory(EMAIL) if signed_in else None
    expected = [EMAIL] if signed_in else []
    biobank = Biobank.objects.get(slug="uza")
    address = biobank.contact_email
    Biobank.objects.filter(pk=biobank.pk).update(contact_email="")
    biobank.refresh_from_db()
    with production_commits():
        stored = contact.send(
            biobank, sender=sender, name="Ada", email=EMAIL, message="Serum?", organisation="Lab"
        )
    assert stored.mail_failed_at is not None and not OutgoingMail.objects.exists()
    assert not resend()[1]

    Biobank.objects.filter(pk=biobank.pk).update(contact_email=address)
    out, ok = resend()
    assert ok and "Messages to biobanks: 1 sent" in out, out
    assert [m.to[0] for m in mail.outbox] == [address, *expected]
    assert mail.outbox[0].reply_to == [EMAIL]
    assert ContactMessage.objects.get().sent_to == address
    assert not ContactMessage.objects.mail_failed().exists()
    assert resend()[1] and len(mail.outbox) == 1 + len(expected)


def test_a_resend_drops_a_copy_queued_for_an_anonymous_sender(site_tree, settings, monkeypatch):
    """A message written before copies needed a verified address still has its copy waiting
    behind the failed mail: the resend sends the message, never that copy (an open relay)."""
    from django.core import mail

    from community.services import contact

    biobank = Biobank.objects.get(slug="uza")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()
    with monkeypatch.context() as old_rules, production_commits():
        old_rules.setattr(contact, "sends_copy", lambda stored: True)
        contact.send(biobank, name="Ada", email="victim@example.org", message="Spam")
    failed, copy = OutgoingMail.objects.order_by("pk")
    assert (failed.state, copy.state, copy.after) == ("failed", "queued", failed)

    settings.EMAIL_BACKEND = LOCMEM
    out, ok = resend()
    assert ok and "Messages to biobanks: 1 sent" in out
    [message] = mail.outbox
    assert message.to == [biobank.contact_email] and message.reply_to == ["victim@example.org"]
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [[biobank.contact_email]]


def test_an_erased_message_is_not_sent_again(site_tree, settings, user_factory):
    """The sender deleted their account after the mail to the partner failed: their message is
    kept for staff without their details, and never sent again by the command."""
    from django.core import mail

    from community.services import contact
    from funding import personal_data

    sender = user_factory(EMAIL)
    listing = PartnershipListing.objects.public().order_by("pk").first()
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_RETRY_DELAYS = ()
    with production_commits():
        contact.send(listing, sender=sender, name="Ada", email=EMAIL, message="Private")
    assert OutgoingMail.objects.failed().count() == 1
    personal_data.erase(sender)
    settings.EMAIL_BACKEND = LOCMEM
    assert resend()[1] and mail.outbox == []
