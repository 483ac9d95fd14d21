"""People, funders and event programmes in three languages (issue 21): translated in the admin
with wagtail-localize, shown in the reader's language wherever a page shows them, while every
list and filter names each person or funder once and pages keep pointing to the English rows."""

import re
from datetime import time

import pytest
from django.urls import reverse
from wagtail.models import Locale

from community.models import Person, TopicPage
from events.models import EventSession, Registration
from funding.models import Funder
from tests.factories import (
    EventPageFactory,
    FunderFactory,
    FundingCallPageFactory,
    PersonFactory,
    TopicPageFactory,
    WorkingGroupPageFactory,
    translate,
)

pytestmark = pytest.mark.django_db

ROLE = "Coordinates the community"
ROL = "Coördineert de community"


def translate_snippet(snippet, language: str, **fields):
    """`snippet`'s translation into `language` as wagtail-localize saves it (Wagtail's copy for
    translation: same translation key, the locale's row), `fields` translated."""
    translated = snippet.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def roles(body: str) -> list[str]:
    return re.findall(r'<p class="person__role">([^<]*)</p>', body)


def funder_options(body: str, slug: str) -> list[str]:
    return re.findall(rf'<option value="{slug}"[^>]*>([^<]*)</option>', body)


def test_a_contacts_dutch_role_shows_under_nl_and_the_english_one_at_the_root(client, home_page):
    person = PersonFactory(name="Anna de Vries", role=ROLE)
    translate_snippet(person, "nl", role=ROL)
    topic = TopicPageFactory(contacts=[person])
    group = WorkingGroupPageFactory(contacts=[person])
    translate(topic, "nl", title="Kwaliteit")  # its contacts: the English rows
    paths = [topic.url, group.url]  # before a request leaves Dutch active in this thread
    for path in paths:
        assert roles(client.get(path).content.decode()) == [ROLE]
        dutch = client.get("/nl" + path).content.decode()
        assert roles(dutch) == [ROL]  # once, in Dutch
        # The contact form is the English row's (messages are kept against it).
        assert f'href="/nl/contact/{person.pk}/"' in dutch
    # French is not translated: the English role.
    assert roles(client.get("/fr" + paths[0]).content.decode()) == [ROLE]
    contact = client.get(f"/nl/contact/{person.pk}/").content.decode()
    assert ROL in contact


def test_pages_choose_people_among_the_english_rows(home_page):
    person = PersonFactory(name="Anna de Vries", role=ROLE)
    translate_snippet(person, "nl", role=ROL)
    form_class = TopicPage.get_edit_handler().get_form_class()
    assert list(form_class().fields["contacts"].queryset) == [person]


def test_the_funder_filter_lists_each_funder_once_in_the_readers_language(client, home_page):
    funder = FunderFactory(name="Health Research Council")
    translate_snippet(funder, "nl", name="Raad voor Gezondheidsonderzoek")
    translate_snippet(funder, "fr", name="Conseil de la recherche en santé")
    call = FundingCallPageFactory(funder=funder, title="Biobank infrastructure")
    index, call_path = call.get_parent().url, call.url
    assert Funder.objects.filter(slug=funder.slug).count() == 3
    english = client.get(index).content.decode()
    assert funder_options(english, funder.slug) == ["Health Research Council"]
    dutch = client.get("/nl" + index).content.decode()
    assert funder_options(dutch, funder.slug) == ["Raad voor Gezondheidsonderzoek"]
    assert "Raad voor Gezondheidsonderzoek" in dutch.split('class="funding-card', 1)[1]
    assert "Health Research Council" not in dutch
    # Filtering by the funder finds its call in every language; the call page names it too.
    filtered = client.get("/nl" + index, {"funder": funder.slug}).content.decode()
    assert "Biobank infrastructure" in filtered
    call_page = client.get("/fr" + call_path).content.decode()
    assert "Conseil de la recherche en santé" in call_page
    assert "Health Research Council" in client.get(call_path).content.decode()


def test_a_funders_name_and_slug_stay_unique_in_each_language(home_page):
    from django.core.exceptions import ValidationError

    funder = FunderFactory(name="Health Research Council")
    translate_snippet(funder, "nl", name="Raad voor Gezondheidsonderzoek")  # same slug: fine
    again = Funder(name="Health Research Council", slug="other", locale=funder.locale)
    with pytest.raises(ValidationError):
        again.full_clean(exclude=["locale", "translation_key"])  # as the admin's form does


def test_a_translated_event_shows_its_translated_programme_and_registers_on_the_source(
    client, home_page
):
    speaker = PersonFactory(name="Anna de Vries", role="Keynote speaker")
    translate_snippet(speaker, "nl", role="Spreker")
    event = EventPageFactory(
        title="Biobanks Day",
        confirm_email=False,
        organisers=[speaker],
        sessions=[
            EventSession(start_time=time(10), title="Opening of the day", speakers=[speaker])
        ],
    )
    dutch = translate(event, "nl", title="Biobankendag")
    session = dutch.sessions.get()
    source_session = event.sessions.get()
    # A child of the translation, in its locale: the same session for wagtail-localize.
    assert session.locale.language_code == "nl" and source_session.locale.language_code == "en"
    assert session.translation_key == source_session.translation_key
    assert list(session.speakers.all()) == [speaker]  # the English row
    session.title = "Opening van de dag"
    session.save()
    english_path, dutch_path = event.url, dutch.url

    body = client.get(dutch_path).content.decode()
    assert "Opening van de dag" in body and "Opening of the day" not in body
    assert roles(body) == ["Spreker", "Spreker"]  # speakers, organisers: once each
    english = client.get(english_path).content.decode()
    assert "Opening of the day" in english and "Opening van de dag" not in english
    assert roles(english) == ["Keynote speaker", "Keynote speaker"]

    form = {"name": "Anna", "email": "anna@example.org", "organisation": "Lab", "consent": "on"}
    response = client.post(dutch_path + "register/", form)
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
    assert not Registration.objects.filter(event=dutch).exists()


def test_the_admin_lists_people_with_their_languages_and_translate(client, home_page):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    person = PersonFactory(name="Anna de Vries", role=ROLE)
    translate_snippet(person, "nl", role=ROL)
    FunderFactory(name="Health Research Council")
    listing = client.get(reverse("wagtailsnippets_community_person:list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Translate" in body  # wagtail-localize: into French, not done yet
    assert 'name="locale"' in body  # the language filter (both rows listed, each labelled)
    funders = client.get(reverse("wagtailsnippets_funding_funder:list"))
    assert funders.status_code == 200 and "Translate" in funders.content.decode()
    # A second funder of the same name (in English) is refused by the form, not the database.
    add = reverse("wagtailsnippets_funding_funder:add") + "?locale=en"
    data = {"name": "Health Research Council", "slug": "hrc-2", "website": "", "country": ""}
    assert client.post(add, data).status_code == 200
    assert Funder.objects.count() == 1
    assert Person.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_sessions_become_the_translatable_children_of_their_pages(home_page):
    """events 0010-0012 on a site translated before: each session takes its page's locale, and
    a translation's copy the key of the source session it copies (in the revisions too)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)

    event = EventPageFactory(
        sessions=[
            EventSession(start_time=time(10), title="Opening"),
            EventSession(start_time=time(11), title="Workshop", track="A"),
        ]
    )
    dutch = translate(event, "nl", title="Evenement")
    try:
        migrate([("events", "0009_registration_language")])
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("events"))
        english = list(event.sessions.order_by("sort_order"))
        copies = list(dutch.sessions.order_by("sort_order"))
        assert {s.locale.language_code for s in english} == {"en"}
        assert {s.locale.language_code for s in copies} == {"nl"}
        assert [s.translation_key for s in copies] == [s.translation_key for s in english]
        assert len({s.translation_key for s in english}) == 2
        content = type(dutch).objects.get(pk=dutch.pk).get_latest_revision().content
        assert [s["translation_key"] for s in content["sessions"]] == [
            str(s.translation_key) for s in english
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("events"))
