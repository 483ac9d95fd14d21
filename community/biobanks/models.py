"""Biobank profiles linked to the BBMRI-ERIC Directory (MIABIS): biobanks, their collections and
quality marks and the sync history (messages sent through the profiles are
community.models.messages.ContactMessage).

Two kinds of field live side by side on ``Biobank``:

* **catalogue-owned** fields (``BIOBANK_SCALARS`` and ``BIOBANK_FKS`` of
  ``community.biobanks.catalogue.parsed``) mirror the Directory and are overwritten by every
  ``manage.py sync_catalogue`` (see ``community.biobanks.catalogue``);
* **hub-owned** fields (local introduction, photo, contact address, the "notified biobank"
  flag, links to working groups and topics) are edited in the hub and never touched by a sync.

A biobank that leaves the catalogue is marked ``withdrawn``, never deleted, so links keep
working. Coded values (countries, material types, ICD-10/ORPHA diseases…) point to the
vocabulary tables of ``community.biobanks.terms``.

The ``facet_*`` many-to-many fields, ``search_text`` and ``vocabulary_text`` are *derived*: the
sync keeps them as the union over the biobank and its collections, so that /biobanks/ can filter
and count facets with a fixed number of queries whatever the size of the catalogue.
"""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from community.biobanks import terms
from community.models.messages import contact_messages_relation

DIRECTORY_BASE_URL = "https://directory.bbmri-eric.eu/ERIC/directory/#"
NEGOTIATOR_URL = "https://negotiator.bbmri-eric.eu/"

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
        terms.Country,
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
    facet_materials = models.ManyToManyField(terms.MaterialType, blank=True, related_name="+")
    facet_collection_types = models.ManyToManyField(
        terms.CollectionType, blank=True, related_name="+"
    )
    facet_data_categories = models.ManyToManyField(terms.DataCategory, blank=True, related_name="+")
    facet_diseases = models.ManyToManyField(terms.DiseaseTerm, blank=True, related_name="+")
    facet_quality_standards = models.ManyToManyField(
        terms.QualityStandard, blank=True, related_name="+"
    )
    commercial_use = models.BooleanField(_("available for commercial use"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    # What the collections are coded for, in words: the codes' labels, their ICD-10 ancestors
    # and synonyms (community.biobanks.vocabulary). Weighs more than a mere mention.
    vocabulary_text = models.TextField(blank=True, editable=False)
    # How the derived fields were made (catalogue.derive.DERIVED_VERSION): a sync derives again
    # the biobanks derived by an older hub, so a new way of indexing needs no manual step.
    derived_version = models.PositiveSmallIntegerField(default=0, editable=False)
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
    contact_messages = contact_messages_relation(related_query_name="biobank")
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
        index.SearchField("vocabulary_text", boost=3),
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

    # Writing to a biobank (community.services.contact): the mail, then a copy to the sender.
    contact_mail_templates = (
        "community/email/biobank_contact",
        "community/email/biobank_contact_copy",
    )

    @property
    def contact_address(self) -> str:
        return self.contact_email

    def contact_mail_context(self, request=None) -> dict:
        from community.services.mail import absolute_url

        return {"biobank": self, "profile_url": absolute_url(self.get_absolute_url(), request)}

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
        terms.Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    types = models.ManyToManyField(terms.CollectionType, blank=True, verbose_name=_("types"))
    data_categories = models.ManyToManyField(
        terms.DataCategory, blank=True, verbose_name=_("data categories")
    )
    materials = models.ManyToManyField(terms.MaterialType, blank=True, verbose_name=_("materials"))
    diagnoses = models.ManyToManyField(terms.DiseaseTerm, blank=True, verbose_name=_("diagnoses"))
    sex = models.ManyToManyField(terms.SexType, blank=True, verbose_name=_("sex"))
    storage_temperatures = models.ManyToManyField(
        terms.StorageTemperature, blank=True, verbose_name=_("storage temperatures")
    )
    order_of_magnitude = models.ForeignKey(
        terms.SampleSize,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order of magnitude (samples)"),
    )
    size = models.PositiveIntegerField(_("number of samples"), null=True, blank=True)
    number_of_donors = models.PositiveIntegerField(_("number of donors"), null=True, blank=True)
    order_of_magnitude_donors = models.ForeignKey(
        terms.SampleSize,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("order of magnitude (donors)"),
    )
    age_low = models.IntegerField(_("age from"), null=True, blank=True)
    age_high = models.IntegerField(_("age to"), null=True, blank=True)
    age_unit = models.ForeignKey(
        terms.AgeUnit,
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
        terms.AccessType, blank=True, related_name="+", verbose_name=_("fee-based access to")
    )
    access_joint_project = models.ManyToManyField(
        terms.AccessType, blank=True, related_name="+", verbose_name=_("joint-project access to")
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
        terms.QualityStandard,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("standard"),
    )
    level = models.ForeignKey(
        terms.AssessmentLevel,
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


def biobank_index_url() -> str:
    """The URL of /biobanks/ (the live BiobankIndexPage), kept with the content generation."""
    from hub.cache import remember

    def find():
        from community.biobanks.pages import BiobankIndexPage

        page = BiobankIndexPage.objects.live().first()
        return (page.url if page else None) or "/biobanks/"

    return remember("biobanks:index_url", find)


__all__ = [
    "Biobank",
    "Collection",
    "QualityMark",
    "SyncRun",
    "biobank_index_url",
]
