"""The Directory's vocabularies (MIABIS ontologies of ``DirectoryOntologies``), one table each.

Countries, material types, collection types, ICD-10/ORPHA diseases…: loaded from the Directory's
term lists by the sync and keyed by the Directory's code (its ontology ``name``).
``VOCABULARIES`` lists them in load order with their EMX2 file; ``disease_chapter`` groups
disease codes by ICD-10 chapter for the disease facet.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


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
