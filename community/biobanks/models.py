"""Biobank profiles linked to the BBMRI-ERIC Directory (MIABIS), and their vocabularies.

Two kinds of field live side by side on ``Biobank``:

* **catalogue-owned** fields (``CATALOGUE_FIELDS``) mirror the Directory and are overwritten by
  every ``manage.py sync_catalogue`` (see ``community.biobanks.catalogue``);
* **hub-owned** fields (local introduction, photo, contact address, the "notified biobank"
  flag, links to working groups and topics) are edited in the hub and never touched by a sync.

A biobank that leaves the catalogue is marked ``withdrawn``, never deleted, so links keep
working. Vocabularies (countries, material types, ICD-10/ORPHA diseases…) are tables loaded
from the Directory's term lists, keyed by the Directory's code (its ontology ``name``).

The ``facet_*`` many-to-many fields and ``search_text`` are *derived*: the sync keeps them as
the union over the biobank and its collections, so that /biobanks/ can filter and count facets
with a fixed number of queries whatever the size of the catalogue.
"""

import re

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

DIRECTORY_BASE_URL = "https://directory.bbmri-eric.eu/ERIC/directory/#"
NEGOTIATOR_URL = "https://negotiator.bbmri-eric.eu/"

# --- Vocabularies ---------------------------------------------------------------------------


class Term(models.Model):
    """A term of one of the Directory's ontologies (``DirectoryOntologies``)."""

    code = models.CharField(_("code"), max_length=255, unique=True)
    label = models.CharField(_("label"), max_length=500)
    definition = models.TextField(_("definition"), blank=True)
    uri = models.CharField(_("term URI"), max_length=500, blank=True)
    sort_order = models.IntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label or self.code


class Country(Term):
    class Meta(Term.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["label"]


class MaterialType(Term):
    class Meta(Term.Meta):
        verbose_name = _("material type")
        verbose_name_plural = _("material types")


class CollectionType(Term):
    class Meta(Term.Meta):
        verbose_name = _("collection type")
        verbose_name_plural = _("collection types")


class DataCategory(Term):
    class Meta(Term.Meta):
        verbose_name = _("data category")
        verbose_name_plural = _("data categories")


class SexType(Term):
    class Meta(Term.Meta):
        verbose_name = _("sex type")
        verbose_name_plural = _("sex types")


class StorageTemperature(Term):
    class Meta(Term.Meta):
        verbose_name = _("storage temperature")
        verbose_name_plural = _("storage temperatures")


class QualityStandard(Term):
    class Meta(Term.Meta):
        verbose_name = _("quality standard")
        verbose_name_plural = _("quality standards")


class AssessmentLevel(Term):
    class Meta(Term.Meta):
        verbose_name = _("assessment level")
        verbose_name_plural = _("assessment levels")


class SampleSize(Term):
    """Orders of magnitude (0: < 10, 1: 10–100, …)."""

    class Meta(Term.Meta):
        verbose_name = _("order of magnitude")
        verbose_name_plural = _("orders of magnitude")
        ordering = ["sort_order", "code"]


class AgeUnit(Term):
    class Meta(Term.Meta):
        verbose_name = _("age unit")
        verbose_name_plural = _("age units")


class AccessType(Term):
    """What access conditions apply to: samples, data, images."""

    class Meta(Term.Meta):
        verbose_name = _("access type")
        verbose_name_plural = _("access types")


# ICD-10 chapters by code range (first letter + two digits), for the disease facet.
ICD10_CHAPTERS = [
    ("A00", "B99", "I", _("Certain infectious and parasitic diseases")),
    ("C00", "D48", "II", _("Neoplasms")),
    ("D50", "D89", "III", _("Diseases of the blood and immune mechanism")),
    ("E00", "E90", "IV", _("Endocrine, nutritional and metabolic diseases")),
    ("F00", "F99", "V", _("Mental and behavioural disorders")),
    ("G00", "G99", "VI", _("Diseases of the nervous system")),
    ("H00", "H59", "VII", _("Diseases of the eye and adnexa")),
    ("H60", "H95", "VIII", _("Diseases of the ear and mastoid process")),
    ("I00", "I99", "IX", _("Diseases of the circulatory system")),
    ("J00", "J99", "X", _("Diseases of the respiratory system")),
    ("K00", "K93", "XI", _("Diseases of the digestive system")),
    ("L00", "L99", "XII", _("Diseases of the skin and subcutaneous tissue")),
    ("M00", "M99", "XIII", _("Diseases of the musculoskeletal system and connective tissue")),
    ("N00", "N99", "XIV", _("Diseases of the genitourinary system")),
    ("O00", "O99", "XV", _("Pregnancy, childbirth and the puerperium")),
    ("P00", "P96", "XVI", _("Certain conditions originating in the perinatal period")),
    ("Q00", "Q99", "XVII", _("Congenital malformations and chromosomal abnormalities")),
    ("R00", "R99", "XVIII", _("Symptoms, signs and abnormal findings")),
    ("S00", "T98", "XIX", _("Injury, poisoning and other consequences of external causes")),
    ("V01", "Y98", "XX", _("External causes of morbidity and mortality")),
    ("Z00", "Z99", "XXI", _("Factors influencing health status and contact with health services")),
    ("U00", "U99", "XXII", _("Codes for special purposes")),
]
ORPHA_CHAPTER = "ORPHA"
OTHER_CHAPTER = "OTHER"
CHAPTER_LABELS = {
    **{number: label for _start, _end, number, label in ICD10_CHAPTERS},
    ORPHA_CHAPTER: _("Rare diseases (Orphanet)"),
    OTHER_CHAPTER: _("Other or not specified"),
}
ICD_PREFIX = "urn:miriam:icd:"
_ICD_CODE = re.compile(r"^([A-Z])(\d\d)")


def disease_chapter(code: str) -> str:
    """The ICD-10 chapter number ("II") of a Directory disease code, ORPHA, or OTHER."""
    if code.startswith("ORPHA:"):
        return ORPHA_CHAPTER
    match = _ICD_CODE.match(code.removeprefix(ICD_PREFIX))
    if not code.startswith(ICD_PREFIX) or not match:
        return OTHER_CHAPTER
    key = match.group(1) + match.group(2)
    for start, end, number, _label in ICD10_CHAPTERS:
        if start <= key <= end:
            return number
    return OTHER_CHAPTER


class DiseaseTerm(Term):
    """An ICD-10 (``urn:miriam:icd:C18``) or Orphanet (``ORPHA:…``) term."""

    chapter = models.CharField(_("chapter"), max_length=8, db_index=True, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("disease")
        verbose_name_plural = _("diseases")
        ordering = ["code"]

    def save(self, *args, **kwargs):
        self.chapter = disease_chapter(self.code)
        super().save(*args, **kwargs)

    @property
    def short_code(self) -> str:
        return self.code.removeprefix(ICD_PREFIX)


# The vocabularies in the order they are loaded; key -> (model, EMX2 ontology file name).
VOCABULARIES = {
    "country": (Country, "Countries"),
    "material": (MaterialType, "MaterialTypes"),
    "collection_type": (CollectionType, "CollectionTypes"),
    "data_category": (DataCategory, "DataCategories"),
    "sex": (SexType, "SexTypes"),
    "storage_temperature": (StorageTemperature, "StorageTemperatureTypes"),
    "quality_standard": (QualityStandard, "QualityStandards"),
    "assessment_level": (AssessmentLevel, "AssessmentLevels"),
    "sample_size": (SampleSize, "SampleSizes"),
    "age_unit": (AgeUnit, "AgeUnits"),
    "access_type": (AccessType, "AccessTypes"),
    "disease": (DiseaseTerm, "DiseaseTypes"),
}


# --- Biobanks and collections ---------------------------------------------------------------


class BiobankQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(withdrawn=False)


class Biobank(index.Indexed, models.Model):
    # Catalogue-owned: overwritten by every sync.
    catalogue_id = models.CharField(
        _("Directory ID"), max_length=255, unique=True, help_text=_("e.g. bbmri-eric:ID:BE_UZA")
    )
    pid = models.CharField(_("PID"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=500)
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=1000, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="biobanks",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    juridical_person = models.CharField(_("juridical person"), max_length=500, blank=True)
    networks = models.JSONField(
        _("networks"),
        default=list,
        blank=True,
        help_text=_("Directory IDs of the networks it belongs to."),
    )
    collaboration_commercial = models.BooleanField(
        _("open to commercial collaboration"), default=False
    )
    collaboration_non_for_profit = models.BooleanField(
        _("open to non-for-profit collaboration"), default=False
    )
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("No longer in the catalogue.")
    )
    source_key = models.CharField(_("catalogue source"), max_length=100, blank=True, db_index=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # Derived by the sync (union over the biobank and its collections) for search and facets.
    facet_materials = models.ManyToManyField(MaterialType, blank=True, related_name="+")
    facet_collection_types = models.ManyToManyField(CollectionType, blank=True, related_name="+")
    facet_data_categories = models.ManyToManyField(DataCategory, blank=True, related_name="+")
    facet_diseases = models.ManyToManyField(DiseaseTerm, blank=True, related_name="+")
    facet_quality_standards = models.ManyToManyField(QualityStandard, blank=True, related_name="+")
    commercial_use = models.BooleanField(_("available for commercial use"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    collection_count = models.PositiveIntegerField(default=0, editable=False)

    # Hub-owned: never touched by a sync.
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The profile's address: /biobanks/<slug>/."),
    )
    local_introduction = models.TextField(
        _("local introduction"),
        blank=True,
        help_text=_("The hub's own introduction, shown above the catalogue description."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(
        _("contact requests go to"),
        blank=True,
        help_text=_("Never shown on the site. Without it, the profile has no contact form."),
    )
    notified_biobank = models.BooleanField(
        _("notified biobank"),
        default=False,
        help_text=_("Notified to the competent authority (required for Belgian biobanks)."),
    )
    working_groups = models.ManyToManyField(
        "community.WorkingGroupPage",
        blank=True,
        related_name="biobanks",
        verbose_name=_("working groups"),
    )
    topics = models.ManyToManyField(
        "community.Topic", blank=True, related_name="biobanks", verbose_name=_("topics")
    )

    objects = BiobankQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("acronym", boost=3),
        index.SearchField("description"),
        index.SearchField("search_text"),
        index.AutocompleteField("name"),
        index.FilterField("withdrawn"),
        index.FilterField("country"),
        index.FilterField("commercial_use"),
        index.FilterField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("biobank")
        verbose_name_plural = _("biobanks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{biobank_index_url()}{self.slug}/"

    @property
    def search_summary(self) -> str:
        text = self.local_introduction or self.description
        if not text:
            parts = [self.acronym, self.location, str(self.country or "")]
            text = ", ".join(part for part in parts if part)
        return Truncator(" ".join(text.split())).words(40)

    @property
    def directory_url(self) -> str:
        return f"{DIRECTORY_BASE_URL}/biobank/{self.catalogue_id}"


class Collection(models.Model):
    catalogue_id = models.CharField(_("Directory ID"), max_length=255, unique=True)
    biobank = models.ForeignKey(
        Biobank, on_delete=models.CASCADE, related_name="collections", verbose_name=_("biobank")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_collections",
        verbose_name=_("parent collection"),
    )
    name = models.CharField(_("name"), max_length=500)
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=1000, blank=True)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    types = models.ManyToManyField(CollectionType, blank=True, verbose_name=_("types"))
    data_categories = models.ManyToManyField(
        DataCategory, blank=True, verbose_name=_("data categories")
    )
    materials = models.ManyToManyField(MaterialType, blank=True, verbose_name=_("materials"))
    diagnoses = models.ManyToManyField(DiseaseTerm, blank=True, verbose_name=_("diagnoses"))
    sex = models.ManyToManyField(SexType, blank=True, verbose_name=_("sex"))
    storage_temperatures = models.ManyToManyField(
        StorageTemperature, blank=True, verbose_name=_("storage temperatures")
    )
    order_of_magnitude = models.ForeignKey(
        SampleSize,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order of magnitude (samples)"),
    )
    size = models.PositiveIntegerField(_("number of samples"), null=True, blank=True)
    number_of_donors = models.PositiveIntegerField(_("number of donors"), null=True, blank=True)
    order_of_magnitude_donors = models.ForeignKey(
        SampleSize,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order of magnitude (donors)"),
    )
    age_low = models.IntegerField(_("age from"), null=True, blank=True)
    age_high = models.IntegerField(_("age to"), null=True, blank=True)
    age_unit = models.ForeignKey(
        AgeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("age unit"),
    )
    collaboration_commercial = models.BooleanField(
        _("open to commercial collaboration"), default=False
    )
    collaboration_non_for_profit = models.BooleanField(
        _("open to non-for-profit collaboration"), default=False
    )
    commercial_use = models.BooleanField(_("available for commercial use"), default=False)
    access_fee = models.ManyToManyField(
        AccessType, blank=True, related_name="+", verbose_name=_("fee-based access to")
    )
    access_joint_project = models.ManyToManyField(
        AccessType, blank=True, related_name="+", verbose_name=_("joint-project access to")
    )
    access_description = models.TextField(_("access conditions"), blank=True)
    access_uri = models.URLField(_("access to samples"), max_length=1000, blank=True)
    data_access_uri = models.URLField(_("access to data"), max_length=1000, blank=True)
    image_access_uri = models.URLField(_("access to images"), max_length=1000, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.name

    @property
    def directory_url(self) -> str:
        return f"{DIRECTORY_BASE_URL}/collection/{self.catalogue_id}"

    @property
    def age_range(self) -> str:
        if self.age_low is None and self.age_high is None:
            return ""
        low = "" if self.age_low is None else self.age_low
        high = "" if self.age_high is None else self.age_high
        unit = f" {self.age_unit}" if self.age_unit_id else ""
        return f"{low}–{high}{unit}"


class QualityMark(models.Model):
    """A quality standard a biobank or a collection meets, with its assessment level."""

    biobank = models.ForeignKey(
        Biobank, null=True, blank=True, on_delete=models.CASCADE, related_name="quality_marks"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="quality_marks"
    )
    standard = models.ForeignKey(
        QualityStandard, on_delete=models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    level = models.ForeignKey(
        AssessmentLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessment level"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("quality mark")
        verbose_name_plural = _("quality marks")

    def __str__(self):
        return f"{self.standard} ({self.level})" if self.level_id else str(self.standard)


# --- Sync history and contact requests ------------------------------------------------------


class SyncRun(models.Model):
    class Status(models.TextChoices):
        SUCCESS = "success", _("Succeeded")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=1000)
    source_key = models.CharField(_("catalogue source"), max_length=100, db_index=True)
    format = models.CharField(_("format"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    collections_added = models.PositiveIntegerField(_("collections added"), default=0)
    collections_changed = models.PositiveIntegerField(_("collections changed"), default=0)
    collections_withdrawn = models.PositiveIntegerField(_("collections withdrawn"), default=0)
    collections_unchanged = models.PositiveIntegerField(_("collections unchanged"), default=0)
    errors = models.TextField(_("errors"), blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("catalogue sync")
        verbose_name_plural = _("catalogue syncs")

    def __str__(self):
        return f"{self.source_key} {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class ContactRequest(models.Model):
    """A message sent to a biobank through its profile (kept so staff can see what was sent)."""

    biobank = models.ForeignKey(
        Biobank,
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name=_("biobank"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    sent_to = models.EmailField(_("sent to"), max_length=254)
    mail_failed_at = models.DateTimeField(
        _("mail failed"),
        null=True,
        blank=True,
        help_text=_(
            "When the mail could not be sent; empty once it went (manage.py resend_failed_mails)."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("biobank contact request")
        verbose_name_plural = _("biobank contact requests")

    def __str__(self):
        return f"{self.name} → {self.biobank}"


def biobank_index_url() -> str:
    """The URL of /biobanks/ (the live BiobankIndexPage), kept with the content generation."""
    from hub.cache import remember

    def find():
        from community.biobanks.pages import BiobankIndexPage

        page = BiobankIndexPage.objects.live().first()
        return (page.url if page else None) or "/biobanks/"

    return remember("biobanks:index_url", find)


__all__ = [
    "AccessType",
    "AgeUnit",
    "AssessmentLevel",
    "Biobank",
    "Collection",
    "CollectionType",
    "ContactRequest",
    "Country",
    "DataCategory",
    "DiseaseTerm",
    "MaterialType",
    "QualityMark",
    "QualityStandard",
    "SampleSize",
    "SexType",
    "StorageTemperature",
    "SyncRun",
]
