"""The demo in Dutch and French (issue 21), made as an editor would make it with wagtail-localize.

For each page of PAGES (parents first) and each language: the page's TranslationSource, a
Translation into that locale, a StringTranslation for each of its strings (the texts in
nl_*.py and fr_*.py), then the translated page is saved and published as
`Translation.save_target` does. The admin shows them as real translations: it can sync them,
and says which strings are out of date.

Idempotent: a string already translated (by this loader or an editor) is left as it is, and a
translation is only saved when something was added — a second run writes nothing. A string
without a text here (the English demo text changed) keeps its English text, with a warning;
a page that cannot be translated is reported and skipped, never stopping the demo.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.demo_translations import fr_activities, fr_site, nl_activities, nl_site, snippets
from home.models import HomePage

TOPICS = [
    "incentives-for-reuse",
    "access-procedures",
    "quality",
    "linking-data",
    "findability",
    "image-and-reputation",
    "public-private-cooperation",
    "financing",
]
# The pages translated, parents first: the path below the English home page ("" is the home
# page). A final "*" takes every slug that starts with the rest (the Day's slug has its year).
PAGES = [
    "",
    "about",
    "topics",
    *(f"topics/{slug}" for slug in TOPICS),
    "working-groups",
    "working-groups/public-private-partnerships",
    "events",
    "events/biobanks-collections-day-*",
    "training",
    "training/pre-analytical-sample-handling",
    "training/informed-and-broad-consent",
    # The menu's other sections: a Dutch or French menu in its own words.
    "news",
    "funding",
    "partnerships",
    "biobanks",
]
# Each language: (texts of each page, texts any page may use).
TEXTS = {
    "nl": ({**nl_site.PAGES, **nl_activities.PAGES}, nl_site.COMMON),
    "fr": ({**fr_site.PAGES, **fr_activities.PAGES}, fr_site.COMMON),
}
# Fields that read the same in every language: their strings are "translated" as they are, so
# that the admin counts the translation as complete (and the slug stays unchanged).
KEPT_FIELDS = {"slug", "time_zone", "venue_address", "version"}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
TOOL = "load_demo"


def text_for(language: str, key: str, source: str) -> str | None:
    """The translation of `source` on page `key`, or None. A text with one year in it may be
    written with "{year}" in its place."""
    pages, common = TEXTS[language]
    tables = (pages.get(key, {}), common)
    for table in tables:
        if source in table:
            return table[source]
    years = YEAR.findall(source)
    if len(years) == 1:
        template = YEAR.sub("{year}", source)
        for table in tables:
            if template in table:
                return table[template].replace("{year}", years[0])
    return None


def source_pages(home: Page, key: str) -> list[Page]:
    """The English pages at path `key` below `home` (several for a pattern, none if missing)."""
    pages = Page.objects.filter(locale_id=home.locale_id)
    if key.endswith("*"):
        pages = pages.filter(
            url_path__startswith=f"{home.url_path}{key[:-1]}",
            depth=home.depth + key.count("/") + 1,
        )
    else:
        pages = pages.filter(url_path=f"{home.url_path}{key}/" if key else home.url_path)
    return [page.specific for page in pages.order_by("path")]


class Loader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.saved: dict[str, int] = {}
        self.pages: dict[str, int] = {}

    def warn(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(f"Demo translations: {message}")

    def fill(self, translation: Translation, language: str, key: str) -> bool:
        """Add the missing string translations; True if any was added."""
        source = translation.source
        locale = translation.target_locale
        done = set(
            StringTranslation.objects.filter(
                locale=locale, context__object_id=source.object_id
            ).values_list("translation_of_id", "context_id")
        )
        added = False
        segments = (
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        )
        for segment in segments:
            if (segment.string_id, segment.context_id) in done:
                continue  # translated already (or the same string twice in one field)
            done.add((segment.string_id, segment.context_id))
            english = segment.string.data
            if segment.context.path in KEPT_FIELDS:
                text = english
            else:
                text = text_for(language, key, english)
            if text is None:
                self.warn(
                    f"no {language} text for “{english[:70]}” ({segment.context.path} of "
                    f"/{key}); the English text stays."
                )
                continue
            string_translation = StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                tool_name=TOOL,
            )
            if string_translation.has_error:
                self.warn(f"the {language} text for “{english[:70]}” on /{key} is not valid.")
            added = True
        return added

    def translate(self, page: Page, locale: Locale, key: str) -> None:
        language = locale.language_code
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation, created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        if not translation.enabled:  # an editor took this page out of translation
            return
        added = self.fill(translation, language, key)
        try:
            source.get_translated_instance(locale)
        except ObjectDoesNotExist:
            missing = True
        else:
            missing = False
        if created or added or missing:
            # Translation.save_target(publish=True), publishing at once: its own publish waits
            # for the commit and then saves the page as it was before its translated children
            # were added (treebeard's child count back to 0: /nl/… would lose them).
            page, _ = source.create_or_update_translation(
                locale, publish=False, copy_parent_pages=True, fallback=True
            )
            Revision.objects.get(pk=page.latest_revision_id).publish()
            self.saved[language] = self.saved.get(language, 0) + 1
        self.pages[language] = self.pages.get(language, 0) + 1

    def run(self) -> None:
        home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if home is None:
            self.warn("no English home page: nothing to translate.")
            return
        locales = [Locale.objects.get_or_create(language_code=code)[0] for code in TEXTS]
        for key in PAGES:
            pages = source_pages(home, key)
            if not pages:
                self.warn(f"no page at /{key}: not translated.")
            for page in pages:
                for locale in locales:
                    try:
                        with transaction.atomic():
                            self.translate(page, locale, key)
                    except (DatabaseError, ValidationError) as error:
                        self.warn(
                            f"/{key} could not be translated into {locale.language_code}: {error}"
                        )


@transaction.atomic
def load(stdout=None) -> None:
    loader = Loader(stdout)
    loader.run()
    snippets.load(loader, stdout)  # people, funders and a programme translated before
    if stdout:
        counts = ", ".join(
            f"{loader.pages.get(code, 0)} pages in {code} ({loader.saved.get(code, 0)} saved)"
            for code in TEXTS
        )
        stdout.write(f"Demo translations: {counts}.")
