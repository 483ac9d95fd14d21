"""The demo in Dutch and French (issue 21): home.demo_translations translates the demo's pages
through wagtail-localize, on top of the English demo modules that make them."""

import io
from html import unescape
from importlib import import_module

import pytest
from django.db import transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)

from home import demo_translations
from home.models import HomePage

pytestmark = pytest.mark.django_db

# The English demo modules that make the translated pages (in load_demo's order).
ENGLISH = [
    "home.demo",
    "community.demo",
    "events.demo",
    "community.demo_groups",
    "community.demo_training",
]


def translate() -> str:
    out = io.StringIO()
    demo_translations.load(stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The English demo, translated (what the loader wrote): built once for this module, in a
    transaction rolled back after its last test; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for name in ENGLISH:
            import_module(name).load()
        yield translate()
        transaction.set_rollback(True)


def translations(keys):
    """(key, English page, its translation or None, language) for every page of `keys`."""
    home = HomePage.objects.get(locale__language_code="en")
    for key in keys:
        pages = demo_translations.source_pages(home, key)
        assert pages, f"the English demo has no page at /{key}"
        for page in pages:
            for language in demo_translations.TEXTS:
                found = page.get_translation_or_none(Locale.objects.get(language_code=language))
                yield key, page, found and found.specific, language


def expected_title(key, page, language):
    return unescape(demo_translations.text_for(language, key, page.title.replace("&", "&amp;")))


def test_each_page_is_live_in_dutch_and_french_in_its_own_words(client, demo):
    for key, page, translated, language in translations(demo_translations.PAGES):
        assert translated is not None and translated.live, f"/{key} in {language}"
        assert translated.title == expected_title(key, page, language)
        assert translated.slug == page.slug or key == "", "slugs stay as they are"
        for field in ("intro", "summary", "description"):
            if getattr(page, field, ""):
                assert getattr(translated, field) != getattr(page, field), (key, field)

    day = Page.objects.get(slug__startswith="biobanks-collections-day-", locale__language_code="en")
    pages = {
        "/nl/": ["Waarom biobanken ertoe doen", "bloed en weefsel"],
        "/fr/": ["Pourquoi les biobanques comptent", "échantillons"],
        "/nl/about/": ["Wie we zijn", "Communitycoördinator", "Biobanken- en Collectiedag"],
        "/fr/about/": ["Qui sommes-nous ?", "Coordinateur de la communauté"],
        "/nl/topics/": ["Thema's", "Kwaliteit van monsters en data, en reproduceerbaarheid"],
        "/nl/topics/quality/": ["zoals bloed en weefsel", "Wil je bijdragen aan dit thema?"],
        "/fr/topics/incentives-for-reuse/": ["« mes échantillons et mes données »"],
        "/nl/working-groups/public-private-partnerships/": ["Elk kwartaal, op locatie"],
        "/fr/working-groups/public-private-partnerships/": ["Chaque trimestre, sur place"],
        f"/nl/events/{day.slug}/": [f"Biobanken- en Collectiedag {day.slug[-4:]}", "Over de dag"],
        f"/fr/events/{day.slug}/": ["Journée des biobanques et des collections", "75 places"],
        "/nl/training/": ["Cursussen, e-learning, opnames"],
        "/nl/training/pre-analytical-sample-handling/": ["Deze module volgt bloed en weefsel"],
        "/fr/training/informed-and-broad-consent/": ["Consentement éclairé et consentement"],
    }
    for url, words in pages.items():
        html = unescape(client.get(url).content.decode())
        for text in words:
            assert text in html, f"{url}: {text}"
        assert "This page is not translated yet" not in html, url


def test_the_admin_sees_translations_it_can_sync_and_all_up_to_date(admin_client, demo):
    assert "no nl text" not in demo and "no fr text" not in demo
    for key, page, translated, language in translations(demo_translations.PAGES):
        source = TranslationSource.objects.get_for_instance(page)
        translation = Translation.objects.get(source=source, target_locale__language_code=language)
        assert translation.enabled
        total, done = translation.get_progress()
        assert total == done > 0, f"/{key} in {language}: {done} of {total} strings"
        assert TranslationLog.objects.filter(source=source, revision__isnull=False).exists()
        assert translated.live_revision_id == translated.latest_revision_id

    about = Page.objects.get(slug="about", locale__language_code="en")
    editor = admin_client.get(f"/admin/pages/{about.pk}/edit/").content.decode()
    assert "Sync translated pages" in editor
    dutch = about.get_translation(Locale.objects.get(language_code="nl"))
    editor = unescape(admin_client.get(f"/admin/pages/{dutch.pk}/edit/").content.decode())
    assert '"segment_id"' in editor and '"data": "Wie we zijn"' in editor  # wagtail-localize's


def test_loading_again_writes_nothing(demo):
    models = [Page, Revision, TranslationSource, Translation, StringTranslation, TranslationLog]
    before = {model: model.objects.count() for model in models}
    again = translate()
    assert {model: model.objects.count() for model in models} == before
    assert "(0 saved)" in again


def test_an_english_text_without_translation_stays_english_with_a_warning(
    client, demo, monkeypatch
):
    """As after a change to an English demo text: the strings with a text are translated, the
    one without keeps its English words, and the loader says so instead of failing."""
    privacy = Page.objects.get(slug="privacy", locale__language_code="en").specific
    privacy.intro = "A changed introduction that nobody has translated."
    privacy.save_revision().publish()
    texts = {
        "privacy": {
            "Privacy notice": "Privacyverklaring",
            "What the hub stores about you, and your rights.": "Wat de hub over je opslaat.",
        }
    }
    monkeypatch.setattr(demo_translations, "PAGES", ["privacy"])
    monkeypatch.setattr(demo_translations, "TEXTS", {"nl": (texts, {})})

    out = translate()

    assert "no nl text for “A changed introduction that nobody has translated.”" in out
    dutch = privacy.get_translation(Locale.objects.get(language_code="nl")).specific
    assert dutch.live and dutch.title == "Privacyverklaring"
    assert dutch.intro == "A changed introduction that nobody has translated."
    assert dutch.search_description == "Wat de hub over je opslaat."
    html = client.get("/nl/privacy/").content.decode()
    assert "Privacyverklaring" in html and "A changed introduction" in html
