"""The vocabularies of training material: types, levels, languages and licences as choices;
audiences and themes as small tables editors can extend.

Audiences and themes are tables (``TrainingAudience``, ``TrainingTheme``) rather than choices
in a text field: items carry several of each, and a many-to-many table is what both SQLite and
PostgreSQL can filter on. The themes ELSI, FAIR and Open Science are seeded by a data migration
with fixed slugs (``THEME_SLUGS``) and shown as filter facets, since the community trains the
next generation of users on exactly these.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingType(models.TextChoices):
    COURSE = "course", _("Course")
    E_LEARNING = "e-learning", _("E-learning")
    SLIDES = "slides", _("Slides")
    VIDEO = "video", _("Video")
    WEBINAR_RECORDING = "webinar-recording", _("Webinar recording")
    DOCUMENT = "document", _("Document")
    GUIDELINE = "guideline", _("Guideline")


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# ISO 639-1 codes (used as-is for schema.org's inLanguage).
LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
]


class Licence(models.TextChoices):
    """SPDX identifiers of the licences training material usually carries."""

    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC_4 = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC_BY_NC_SA_4 = "CC-BY-NC-SA-4.0", _("Creative Commons BY-NC-SA 4.0")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")
    OTHER = "other", _("Other licence (see the description)")
    NOT_SPECIFIED = "notspecified", _("Not specified")

    @property
    def url(self) -> str:
        if self in (Licence.OTHER, Licence.NOT_SPECIFIED):
            return ""
        return f"https://spdx.org/licenses/{self.value}.html"


# The vocabularies as migration 0005 seeds them (slug, name, description); the demo loader
# makes sure they are there too (`ensure_vocabularies`), e.g. after a test database flush.
DEFAULT_AUDIENCES = [
    ("biobank-staff", "Biobank staff", "Technicians, managers and quality officers of biobanks."),
    ("researchers", "Researchers", "Scientists who use, or want to use, samples and data."),
    ("data-stewards", "Data stewards", "People who make data findable and reusable."),
    (
        "ethics-committees",
        "Ethics committees",
        "Members and secretaries of research ethics committees and access committees.",
    ),
    ("patients-and-public", "Patients and public", "Donors, participants and anyone curious."),
    ("students", "Students", "The next generation of users of research infrastructures."),
]
# The first-class themes.
DEFAULT_THEMES = [
    ("elsi", "ELSI", "Ethical, legal and societal issues."),
    ("fair", "FAIR", "Findable, accessible, interoperable and reusable samples and data."),
    ("open-science", "Open Science", "Open access, open data and transparent research."),
]
THEME_SLUGS = {slug: name for slug, name, _description in DEFAULT_THEMES}


class VocabularyTerm(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in filter links, e.g. /training/?audience=<slug>."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TrainingAudience(VocabularyTerm):
    """Who a training item is for (biobank staff, researchers, data stewards…)."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("training audience")
        verbose_name_plural = _("training audiences")


class TrainingTheme(VocabularyTerm):
    """Cross-cutting themes shown as facets: ELSI, FAIR, Open Science."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("training theme")
        verbose_name_plural = _("training themes")


def ensure_vocabularies() -> None:
    """Create the default audiences and themes that are missing (editors' changes stay)."""
    for model, rows in ((TrainingAudience, DEFAULT_AUDIENCES), (TrainingTheme, DEFAULT_THEMES)):
        for order, (slug, name, description) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "sort_order": order}
            )
