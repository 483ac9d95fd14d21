"""The demo's people and funders in Dutch and French (issue 21), made as an editor makes them
with wagtail-localize ("Translate" on the snippet): a TranslationSource, a Translation into each
locale, a StringTranslation for each string, then the translated row saved.

People's roles and funders' names are translated; a person's name, photo, organisation and
address, a funder's slug, logo, website and country stay the English row's (synchronised).
The Biobanks & Collections Day's programme is translated with its page (the sessions' texts are
in nl_activities.py and fr_activities.py); a page whose source predates translatable sessions
is brought up to date here first.

Idempotent like the pages: a string already translated is left as it is, and a row is only
saved when something was added.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from community.models import Person
from funding.models import Funder
from hub.translated_snippets import source_snippets

TOOL = "load_demo"
DAY = "events/biobanks-collections-day-*"

# English text → (Dutch, French): the demo people's roles (community and events demos).
ROLES = {
    "Coordinates the Biobank Community": (
        "Coördineert de Biobank Community",
        "Coordonne la Biobank Community",
    ),
    "Director of the national BBMRI node": (
        "Directeur van het nationale BBMRI-knooppunt",
        "Directeur du nœud national BBMRI",
    ),
    "Represents the node in BBMRI-ERIC": (
        "Vertegenwoordigt het knooppunt in BBMRI-ERIC",
        "Représente le nœud au sein de BBMRI-ERIC",
    ),
    "Contact for sample and data quality": (
        "Aanspreekpunt voor de kwaliteit van monsters en data",
        "Contact pour la qualité des échantillons et des données",
    ),
    "Contact for the national catalogue": (
        "Aanspreekpunt voor de nationale catalogus",
        "Contact pour le catalogue national",
    ),
    "Contact for linking samples with health data": (
        "Aanspreekpunt voor het koppelen van monsters aan gezondheidsdata",
        "Contact pour relier les échantillons aux données de santé",
    ),
    "Contact for companies and public-private partnerships": (
        "Aanspreekpunt voor bedrijven en publiek-private partnerschappen",
        "Contact pour les entreprises et les partenariats public-privé",
    ),
    "Contact for donors, patients and public communication": (
        "Aanspreekpunt voor donors, patiënten en publiekscommunicatie",
        "Contact pour les donneurs, les patients et la communication avec le public",
    ),
    "Programme lead, national health data infrastructure": (
        "Programmaleider, nationale gezondheidsdata-infrastructuur",
        "Responsable de programme, infrastructure nationale de données de santé",
    ),
    "Quality manager": ("Kwaliteitsmanager", "Responsable qualité"),
    "Access desk coordinator": (
        "Coördinator van de toegangsdesk",
        "Coordinateur du guichet d'accès",
    ),
    "Data steward": ("Datasteward", "Gestionnaire de données (data steward)"),
    "Communication adviser": ("Communicatieadviseur", "Conseiller en communication"),
    "Catalogue developer": ("Ontwikkelaar van de catalogus", "Développeur du catalogue"),
}
# The demo funders' names (funding demo).
FUNDERS = {
    "National Research Foundation – Flanders": (
        "Nationaal Fonds voor Wetenschappelijk Onderzoek – Vlaanderen",
        "Fonds national de la recherche scientifique – Flandre",
    ),
    "Netherlands Health Research Council": (
        "Nederlandse Raad voor Gezondheidsonderzoek",
        "Conseil néerlandais de la recherche en santé",
    ),
    "European Health Research Programme": (
        "Europees Programma voor Gezondheidsonderzoek",
        "Programme européen de recherche en santé",
    ),
    "Rare Disease Patients' Foundation": (
        "Stichting voor Patiënten met Zeldzame Ziekten",
        "Fondation des patients atteints de maladies rares",
    ),
}
LANGUAGES = ("nl", "fr")
TEXTS = {
    language: {english: texts[position] for english, texts in {**ROLES, **FUNDERS}.items()}
    for position, language in enumerate(LANGUAGES)
}


class SnippetLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.saved: dict[str, int] = {}

    def warn(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(f"Demo translations: {message}")

    def fill(self, translation: Translation, language: str) -> bool:
        """Add the missing string translations; True if any was added."""
        source = translation.source
        done = set(
            StringTranslation.objects.filter(
                locale=translation.target_locale, context__object_id=source.object_id
            ).values_list("translation_of_id", "context_id")
        )
        added = False
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            if (segment.string_id, segment.context_id) in done:
                continue
            done.add((segment.string_id, segment.context_id))
            text = TEXTS[language].get(segment.string.data)
            if text is None:
                self.warn(f"no {language} text for “{segment.string.data[:70]}”.")
                continue
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                tool_name=TOOL,
            )
            added = True
        return added

    def translate(self, instance, locale: Locale) -> None:
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        translation, created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        if not translation.enabled:  # an editor took this row out of translation
            return
        added = self.fill(translation, locale.language_code)
        try:
            source.get_translated_instance(locale)
        except ObjectDoesNotExist:
            missing = True
        else:
            missing = False
        if created or added or missing:
            source.create_or_update_translation(locale, fallback=True)
            language = locale.language_code
            self.saved[language] = self.saved.get(language, 0) + 1

    def run(self, locales) -> None:
        people = source_snippets(Person.objects.filter(role__in=ROLES))
        funders = source_snippets(Funder.objects.filter(name__in=FUNDERS))
        for instance in [*people.order_by("pk"), *funders.order_by("pk")]:
            for locale in locales:
                try:
                    with transaction.atomic():
                        self.translate(instance, locale)
                except (DatabaseError, ValidationError) as error:
                    self.warn(
                        f"“{instance}” could not be translated into {locale.language_code}: {error}"
                    )


def refresh_programmes(loader, home, locales) -> None:
    """The Day's page translated again where its source was taken before its sessions were
    translatable (a demo loaded before): the source updated, the sessions' strings added."""
    from home.demo_translations import source_pages

    for page in source_pages(home, DAY):
        source = TranslationSource.objects.get_for_instance_or_none(page)
        if source is None or not page.sessions.exists():
            continue
        if StringSegment.objects.filter(
            source=source, context__path__startswith="sessions."
        ).exists():
            continue
        source.update_from_db()
        for locale in locales:
            try:
                with transaction.atomic():
                    loader.translate(page, locale, DAY)
            except (DatabaseError, ValidationError) as error:
                loader.warn(f"/{DAY} could not be translated into {locale.language_code}: {error}")


def load(loader, stdout=None) -> None:
    """After the pages (home/demo_translations/__init__.py's `load`, whose page `loader` this
    is): the snippets, and the programme of a Day translated before its sessions were."""
    from home.models import HomePage

    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    locales = [Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES]
    if home is not None:
        refresh_programmes(loader, home, locales)
    snippets = SnippetLoader(stdout)
    snippets.run(locales)
    if stdout:
        counts = ", ".join(f"{snippets.saved.get(code, 0)} in {code}" for code in LANGUAGES)
        stdout.write(f"Demo translations: people and funders saved: {counts}.")
