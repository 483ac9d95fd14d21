"""Funding reminders and alerts, sent by `manage.py send_funding_reminders` outside any
request, in each member's language (issue 21): their words, their date format, their links."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import formats, timezone, translation

from community.models import Profile
from funding.models import CallFollow

pytestmark = pytest.mark.django_db


def run_reminders(committed):
    with committed():
        call_command("send_funding_reminders", stdout=io.StringIO())


def speaks(user, language):
    Profile.objects.filter(user=user).update(language=language)
    return user


def mail_to(user):
    [found] = [message for message in mail.outbox if user.email in message.to]
    return found


def links(body: str) -> list[str]:
    return [
        link for link in re.findall(r"http://testserver/\S*", body) if "/unsubscribe/" not in link
    ]


def date_in(language, day) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def test_a_deadline_reminder_is_written_in_each_follower_s_language(
    make_call, user_factory, committed
):
    call = make_call("Biobank infrastructure grant", deadlines=(5,))
    due = timezone.localdate() + timedelta(days=5)
    dutch = speaks(user_factory("daan@example.org"), "nl")
    english = speaks(user_factory("eve@example.org"), "")  # never chose: the site default
    for member in (dutch, english):
        CallFollow.objects.create(user=member, call=call)

    run_reminders(committed)

    to_dutch = mail_to(dutch)
    assert to_dutch.subject == f"Deadline {date_in('nl', due)}: Biobank infrastructure grant"
    assert "Een deadline van een oproep die je volgt" in to_dutch.body, to_dutch.body
    assert "17:00" in to_dutch.body
    assert links(to_dutch.body) and all(
        link.startswith("http://testserver/nl/") for link in links(to_dutch.body)
    )
    to_english = mail_to(english)
    assert to_english.subject == f"Deadline {date_in('en', due)}: Biobank infrastructure grant"
    assert "A deadline of a call you follow is coming up" in to_english.body
    assert not any("/nl/" in link for link in links(to_english.body))


def test_a_renewal_reminder_reaches_the_owner_in_french(make_listing, user_factory, committed):
    owner = speaks(user_factory("fleur@example.org"), "fr")
    listing = make_listing(owner=owner, expires_in=3)
    run_reminders(committed)
    message = mail_to(owner)
    assert date_in("fr", listing.expires_on) in message.body
    assert "Your partnership listing" not in message.body
    assert links(message.body) and all(
        link.startswith("http://testserver/fr/partnerships/") for link in links(message.body)
    )


# --- Moderation: the owner's language, not the moderator's -----------------------------------


def test_an_approval_by_an_english_moderator_reaches_a_dutch_owner_in_dutch(
    make_listing, moderator, user_factory, committed
):
    from funding import services

    owner = speaks(user_factory("daan@example.org"), "nl")
    editor = speaks(moderator(), "en")
    listing = make_listing("Serum voor biomarkers", status="pending", owner=owner)

    with translation.override("en"), committed():  # the moderator's request (the admin)
        services.approve_listing(listing, editor)

    message = mail_to(owner)
    assert "Your listing is published" not in message.subject
    assert message.subject == "Je samenwerkingsaanbod is gepubliceerd: Serum voor biomarkers", (
        message.subject
    )
    listing.refresh_from_db()
    assert date_in("nl", listing.expires_on) in message.body
    assert links(message.body) == [f"http://testserver/nl/partnerships/{listing.pk}/"]


def test_a_rejection_reaches_a_french_owner_in_french_with_a_french_link(
    make_listing, moderator, user_factory, committed
):
    from funding import services

    owner = speaks(user_factory("fleur@example.org"), "fr")
    listing = make_listing("Sérum", status="pending", owner=owner)

    with translation.override("nl"), committed():
        services.reject_listing(listing, moderator(), "Nommez l'organisation.")

    message = mail_to(owner)
    assert "Nommez l'organisation." in message.body
    assert "Thank you for your partnership listing" not in message.body
    assert "Bedankt" not in message.body
    assert links(message.body) == ["http://testserver/fr/partnerships/submit/"]


def test_each_moderator_is_told_of_a_new_listing_in_their_own_language(
    client, partnership_index, moderator, user_factory, committed
):
    dutch = speaks(moderator("mod-nl@example.org"), "nl")
    english = speaks(moderator("mod-en@example.org"), "")
    member = speaks(user_factory("fleur@example.org"), "fr")
    client.force_login(member)
    with committed():
        response = client.post(
            "/fr/partnerships/submit/",
            {
                "kind": "request",
                "title": "Tissus FFPE",
                "summary": "Nous cherchons des tissus.",
                "description": "Des blocs FFPE.",
                "organisation_name": "Institut Exemple",
                "organisation_type": "research_institute",
                "sector": "academic",
                "resources": ["samples"],
                "commercial_use": "not_applicable",
                "contact_role": "Responsable",
                "contact_email": "contact@example.org",
                "expires_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
            },
        )
    assert response.status_code == 302
    to_dutch, to_english = mail_to(dutch), mail_to(english)
    assert to_dutch.to == [dutch.email] and to_english.to == [english.email]
    assert "New partnership listing to review" not in to_dutch.subject
    assert "Tissus FFPE" in to_dutch.subject
    assert to_english.subject == "New partnership listing to review: Tissus FFPE"
