"""Stored contact messages (to people, biobanks, partners): in "download my data", erased with
the account, and deleted after CONTACT_MESSAGE_RETENTION_DAYS by `purge_contact_messages`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import timezone

from community.models import Biobank, ContactRequest, Person, PersonMessage
from funding.models import ContactMessage, PartnershipListing

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"
PASSWORD = "a-Long-passw0rd!"  # the user_factory default


def to_person(email, text, age_days=0):
    stored = PersonMessage.objects.create(
        person=Person.objects.get(name="Quality officer"), name="Ada", email=email, message=text
    )
    return _aged(stored, age_days)


def to_biobank(email, text, age_days=0):
    biobank = Biobank.objects.get(slug="uza")
    stored = ContactRequest.objects.create(
        biobank=biobank,
        name="Ada",
        email=email,
        organisation="Lab",
        message=text,
        sent_to=biobank.contact_email,
    )
    return _aged(stored, age_days)


def to_partner(text, age_days=0):
    stored = ContactMessage.objects.create(
        listing=PartnershipListing.objects.public().order_by("pk").first(),
        sender_name="Ada",
        sender_email=EMAIL,
        message=text,
    )
    return _aged(stored, age_days)


def _aged(stored, age_days):
    type(stored).objects.filter(pk=stored.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return stored


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
    assert list(PersonMessage.objects.values_list("message", flat=True)) == ["Not mine"]
    assert not ContactRequest.objects.exists()


def test_purge_deletes_every_kind_of_contact_message_past_the_retention_time(site_tree, settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 180
    to_person(EMAIL, "old", age_days=181)
    to_person(EMAIL, "recent", age_days=179)
    to_biobank(EMAIL, "old", age_days=400)
    to_biobank(EMAIL, "recent", age_days=1)
    to_partner("old", age_days=200)
    to_partner("recent")

    assert "would be deleted: 3" in purge("--dry-run")
    assert PersonMessage.objects.count() + ContactRequest.objects.count() == 4

    out = purge()
    assert "deleted: 3" in out and "Messages to contact people: 1" in out
    for model in (PersonMessage, ContactRequest, ContactMessage):
        assert list(model.objects.values_list("message", flat=True)) == ["recent"], model
    assert "deleted: 0" in purge(), "a second run deletes nothing more"
    assert "deleted: 2" in purge("--days", "1")  # 179 days and one day old
    assert list(ContactMessage.objects.values_list("message", flat=True)) == ["recent"]


def test_purge_refuses_a_retention_below_one_day(site_tree):
    to_person(EMAIL, "kept")
    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", "0")
    assert PersonMessage.objects.count() == 1
