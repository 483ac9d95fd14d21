"""Pages in three languages (issue 21): an editor's Dutch or French translation is what a reader
of that language reads, at its own URL and at the English page's path under the prefix; a page not
translated yet is read in English under the reader's prefix, marked as such; the switcher, the
hreflang alternates, the menu, breadcrumbs, listings and the sitemap lead to the translations; a
translation is as private as its source, and shares its source's registrations and members."""

import re

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from events.models import Registration
from tests.factories import (
    AboutPageFactory,
    EventPageFactory,
    TopicPageFactory,
    WorkingGroupMembersPageFactory,
    WorkingGroupPageFactory,
    translate,
)

pytestmark = pytest.mark.django_db

OVER_ONS = "Over de biobankgemeenschap"


def alternates(body: str) -> dict:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))


def switcher(body: str) -> dict:
    nav = body[body.index('<nav class="language-switcher"') :]
    nav = nav[: nav.index("</nav>")]
    return dict(re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)[i][::-1] for i in range(3))


@pytest.fixture
def about(home_page):
    return AboutPageFactory(parent=home_page)


@pytest.fixture
def over_ons(about):
    return translate(about, "nl", title=OVER_ONS, slug="over-ons", intro="Wat we doen.")


def test_an_untranslated_page_is_read_in_english_under_the_dutch_prefix(client, about):
    body = client.get("/nl/about/").content.decode()
    assert '<html lang="nl"' in body and "Zoeken" in body  # the interface is Dutch
    assert "The national biobank community: what it does" in body
    assert "Deze pagina is nog niet vertaald" in body  # and says why the text is English
    assert '<div lang="en">' in body
    # No hreflang="nl" for English words; the switcher still leads to each language.
    assert set(alternates(body)) == {"en", "x-default"}
    assert switcher(body) == {"en": "/about/", "nl": "/nl/about/", "fr": "/fr/about/"}


def test_a_translation_is_read_at_its_own_path_and_at_the_english_one(client, over_ons):
    for path in ("/nl/over-ons/", "/nl/about/"):
        body = client.get(path).content.decode()
        assert OVER_ONS in body
        assert '<div lang="en">' not in body and "nog niet vertaald" not in body
    english = client.get("/about/").content.decode()
    assert OVER_ONS not in english
    base = settings.HUB_BASE_URL
    assert alternates(english) == {
        "en": f"{base}/about/",
        "nl": f"{base}/nl/over-ons/",
        "x-default": f"{base}/about/",
    }
    assert switcher(english)["nl"] == "/nl/over-ons/"
    assert switcher(client.get("/nl/over-ons/").content.decode())["en"] == "/about/"
    # French has no translation: the switcher leads to the English page under /fr/.
    assert switcher(english)["fr"] == "/fr/about/"


def test_menu_and_sitemap_name_the_translation(client, over_ons):
    body = client.get("/nl/").content.decode()
    assert re.search(r'<a href="/nl/over-ons/"[^>]*>\s*' + OVER_ONS, body)
    xml = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>http://[^<]+/nl/over-ons/</loc>", xml)
    assert re.search(r"<loc>http://[^<]+/fr/about/</loc>", xml)  # the English page under /fr/
    assert not re.search(r"<loc>http://[^<]+/nl/about/</loc>", xml)  # the translation instead


def test_the_topic_index_lists_translations_in_dutch_and_each_topic_once(client, home_page):
    first = TopicPageFactory(title="Sample quality")
    TopicPageFactory(parent=first.get_parent(), title="Data sharing")
    translate(first, "nl", title="Kwaliteit van monsters", summary="Waarom kwaliteit telt.")
    index_path = first.get_parent().url
    dutch = client.get("/nl" + index_path).content.decode()
    assert "Kwaliteit van monsters" in dutch and "Data sharing" in dutch
    assert "Sample quality" not in dutch
    english = client.get(index_path).content.decode()
    assert "Sample quality" in english and "Kwaliteit van monsters" not in english


def test_a_translation_of_a_members_only_page_stays_members_only(client, home_page):
    group = WorkingGroupPageFactory(title="Sample logistics")
    area = WorkingGroupMembersPageFactory(parent=group, title="Members area")
    assert PageViewRestriction.objects.filter(page=area).exists()
    translated = translate(area, "nl", title="Ledengedeelte", slug="leden")
    assert PageViewRestriction.objects.filter(page=translated).exists()  # copied along
    # An editor removes the copied restriction from the translation: the source's still holds.
    PageViewRestriction.objects.filter(page__in=[translated]).delete()
    paths = [translated.url, "/nl" + area.url]
    assert paths[0] != paths[1]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_registering_on_the_dutch_page_registers_for_the_one_event(client, home_page):
    event = EventPageFactory(title="Biobanks & Collections Day", capacity=1, confirm_email=False)
    dutch = translate(event, "nl", title="Biobanken- en collectiedag")
    english_url, dutch_url = event.url, dutch.url
    assert (english_url, dutch_url) == (
        "/events/biobanks-collections-day/",
        "/nl/events/biobanks-collections-day/",
    )
    assert "Biobanken- en collectiedag" in client.get(dutch_url).content.decode()
    form = {"name": "Anna", "email": "anna@example.org", "organisation": "Lab", "consent": "on"}
    response = client.post(dutch_url + "register/", form)
    assert response.status_code == 302 and response["Location"].startswith("/nl/")
    assert Registration.objects.filter(event=event).count() == 1
    assert not Registration.objects.filter(event=dutch).exists()
    # The one seat is taken, in every language.
    assert "Full" in client.get(english_url).content.decode()
    assert "Vol" in client.get(dutch_url).content.decode()


def test_a_translated_group_shares_its_members(client, home_page, user_factory):
    group = WorkingGroupPageFactory(title="Sample logistics")
    dutch = translate(group, "nl", title="Monsterlogistiek")
    assert dutch.group_id is None  # no second set of members
    member = user_factory()
    group.group.user_set.add(member)
    client.force_login(member)
    body = client.get(dutch.url).content.decode()
    assert "Monsterlogistiek" in body
    assert "Deze werkgroep verlaten" in body  # a member, though the page has no members


def test_a_locale_made_again_is_known_at_once(client, about):
    """The locales' ids are remembered per process (hub/i18n.py): a locale deleted and made
    again (a new id) must not leave a stale id behind."""
    from wagtail.models import Locale

    from hub.i18n import locale_id

    old = locale_id("fr")
    Locale.objects.filter(language_code="fr").delete()
    Locale.objects.create(language_code="fr")
    assert locale_id("fr") != old
    translate(about, "fr", title="À propos de nous")
    assert "À propos de nous" in client.get("/fr/about/").content.decode()


def test_a_topic_has_one_page_per_language(home_page):
    """A translation shares its topic; a second English page for the same topic is refused."""
    from django.core.exceptions import ValidationError

    first = TopicPageFactory(title="Sample quality")
    dutch = translate(first, "nl", title="Kwaliteit van monsters")
    assert dutch.topic_id == first.topic_id
    with pytest.raises(ValidationError) as refused:
        TopicPageFactory(
            parent=first.get_parent(), title="Quality again", slug="again", topic=first.topic
        )
    assert refused.value.message_dict.get("topic") == [
        "This topic already has a page in this language."
    ]
    assert first.get_parent().get_children().count() == 1  # nothing written
