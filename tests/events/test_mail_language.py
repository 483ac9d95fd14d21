"""Event mails in the registrant's language (issue 21): the language of the page they
registered from, whoever or whatever sends the mail later (an organiser, the worker, a command,
someone else's cancellation), with dates in that language's format and the event's time zone,
and links under that language's prefix."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from events import services
from events.models import Registration
from tests.events.conftest import local

pytestmark = pytest.mark.django_db

START = local(date(2027, 4, 8), 14)  # Thursday 8 April 2027, 14:00 in Amsterdam (CEST)


def form_data(**overrides):
    return {"name": "Anne de Vries", "email": "anne@example.org", "consent": "on", **overrides}


def in_language(language, path: str) -> str:
    """`path` (an English page's) as a reader of `language` finds it."""
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def day(make_event):
    return make_event(
        "Biobanking day",
        start=START,
        end=START + timedelta(hours=3),
        capacity=1,
        waiting_list_enabled=True,
    )


def only_mail_to(address):
    found = [message for message in mail.outbox if address in message.to]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def test_a_registration_from_the_dutch_page_gets_its_confirmation_in_dutch(client, day, committed):
    with committed():
        response = client.post(in_language("nl", day.url) + "register/", form_data(), follow=True)
    assert response.status_code == 200
    assert Registration.objects.get(email="anne@example.org").language == "nl"

    message = only_mail_to("anne@example.org")
    assert message.subject == "Aanmelding bevestigd: Biobanking day"
    body = message.body
    assert "Beste Anne de Vries," in body
    assert "Registration" not in body and "Dear" not in body
    # The date in Dutch words and order, at the venue's clock, with its zone.
    assert "donderdag 8 april 2027, 14:00–17:00" in body
    assert "tijdzone Amsterdam (CEST, UTC+02:00)" in body
    # Its links lead to the Dutch pages: the event and the registrant's own page.
    links = [word for word in body.split() if word.startswith("http://testserver/")]
    assert links and all(link.startswith("http://testserver/nl/") for link in links), links


def test_a_registration_from_the_french_page_reads_french_dates(client, day, committed):
    with committed():
        client.post(in_language("fr", day.url) + "register/", form_data(), follow=True)
    body = only_mail_to("anne@example.org").body
    assert "Bonjour Anne de Vries," in body
    assert "jeudi 8 avril 2027, 14:00–17:00" in body


def test_an_english_registration_stays_english(client, day, committed):
    with committed():
        client.post(day.url + "register/", form_data(), follow=True)
    assert Registration.objects.get(email="anne@example.org").language == "en"
    message = only_mail_to("anne@example.org")
    assert message.subject == "Registration confirmed: Biobanking day"
    assert "Thursday 8 April 2027, 14:00–17:00" in message.body
    assert "http://testserver/nl/" not in message.body


def test_a_promotion_caused_by_an_english_reader_reaches_each_in_their_own_language(
    client, day, committed
):
    """Someone cancels on the English page; the person moved up from the waiting list registered
    in Dutch and reads Dutch, while the one who cancelled reads English."""
    with committed():
        first = services.register(day, name="Eve", email="eve@example.org", language="en")
        waiting = services.register(
            day, name="Anne de Vries", email="anne@example.org", language="nl"
        )
    assert waiting.is_waitlisted
    mail.outbox.clear()

    with translation.override("en"), committed():
        services.cancel(first)

    promoted = only_mail_to("anne@example.org")
    assert "Goed nieuws" in promoted.body, promoted.body
    assert "donderdag 8 april 2027" in promoted.body
    cancelled = only_mail_to("eve@example.org")
    assert "Dear Eve," in cancelled.body


def test_mails_queued_by_a_command_follow_each_registrant(day, committed, settings):
    """The worker and commands run in the site's default language: an organiser's cancellation
    of the event, queued outside any request, still reaches each registrant in theirs."""
    from events import organising

    settings.LANGUAGE_CODE = "en"
    with committed():
        services.register(day, name="Anne de Vries", email="anne@example.org", language="nl")
        services.register(day, name="Eve", email="eve@example.org", language="en")
    mail.outbox.clear()

    translation.deactivate()  # as in a management command or the worker
    with committed():
        organising.cancel_event(day, message="")

    dutch = only_mail_to("anne@example.org")
    english = only_mail_to("eve@example.org")
    assert dutch.subject == "Geannuleerd: Biobanking day"
    assert "Beste Anne de Vries," in dutch.body
    assert english.subject == "Cancelled: Biobanking day"
    assert "Dear Eve," in english.body


def test_a_registrant_with_an_unknown_language_gets_the_site_default(day, committed):
    with committed():
        registration = services.register(day, name="Eve", email="eve@example.org")
    Registration.objects.filter(pk=registration.pk).update(language="de")
    mail.outbox.clear()
    registration.refresh_from_db()
    with committed():
        services.cancel(registration)
    assert "Dear Eve," in only_mail_to("eve@example.org").body


def test_an_organiser_adding_a_member_writes_in_the_member_s_language(day, committed, user_factory):
    member = user_factory(email="anne@example.org")
    member.profile.language = "fr"
    member.profile.save()
    with translation.override("nl"), committed():  # the organiser reads Dutch
        registration = services.register(
            day, name="Anne", email="anne@example.org", by_organiser=True
        )
    assert registration.language == "fr"
    assert "Bonjour Anne," in only_mail_to("anne@example.org").body


def test_a_translated_event_is_named_by_its_translation(day, committed):
    from tests.factories import translate

    translate(day, "nl", title="Biobankdag")
    with committed():
        services.register(day, name="Anne de Vries", email="anne@example.org", language="nl")
        services.register(day, name="Eve", email="eve@example.org", language="en")
    assert only_mail_to("anne@example.org").subject == "Aanmelding bevestigd: Biobankdag"
    assert "Biobanking day" in only_mail_to("eve@example.org").subject


@pytest.mark.parametrize(
    "language, written",
    [
        ("en", "8 April 2027, 14:30"),
        ("nl", "8 april 2027 om 14:30"),
        ("fr", "8 avril 2027 à 14:30"),
    ],
)
def test_each_language_writes_a_date_and_time_its_own_way(language, written):
    from datetime import datetime

    from django.utils import formats

    with translation.override(language):
        assert formats.date_format(datetime(2027, 4, 8, 14, 30), "DATETIME_FORMAT") == written
