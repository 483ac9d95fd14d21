"""Training material, in the spirit of ELIXIR's TeSS: an index at /training/ and one page per item.

Each item describes a course, an e-learning module, slides, a recording, a document or a
guideline: who it is for, how hard it is, what it teaches, and where to find it (an external
link *or* a document uploaded to Wagtail, exactly one of the two).

Audiences and themes are small controlled vocabularies (``TrainingAudience``,
``TrainingTheme``) rather than choices in a text field: items carry several of each, and a
many-to-many table is what both SQLite and PostgreSQL can filter on. The themes ELSI, FAIR and
Open Science are seeded by a data migration with fixed slugs (``THEME_SLUGS``) and shown as
filter facets, since the community trains the next generation of users on exactly these.

The listing's filters live in ``community.forms.training.TrainingFilterForm``; the Bioschemas
JSON-LD of an item is built by ``TrainingPage.json_ld()``.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from hub.cache import content_key, remember
from hub.pagination import page_of
from hub.privacy import CachedViewRestrictions, public
from hub.search import extras

PER_PAGE = 10


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


class TrainingIndexPage(CachedViewRestrictions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.TrainingPage"]
    max_count = 1
    template = "community/training/training_index_page.html"

    class Meta:
        verbose_name = _("training index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing(request))
        return context

    def listing(self, request) -> dict:
        """The filtered, searched and paginated items; junk parameters fall back to defaults.

        A fixed number of queries whatever the number of items (see the query-count tests).
        """
        from community.forms.training import TrainingFilterForm, facet_choices

        items = public(TrainingPage.objects.child_of(self).live())
        # The options change only when training is published (and the audience and theme
        # lists: at most five minutes late), not per reader.
        choices = remember(
            f"training-options:{self.pk}:{get_language()}",
            lambda: {
                name: [(code, str(label)) for code, label in options]
                for name, options in facet_choices(items).items()
            },
        )
        form = TrainingFilterForm(request.GET, choices=choices)
        filters = form.filters()
        selected = form.apply(items, filters)

        query = filters.get("q", "")
        if query:
            # Wagtail's search (whichever backend the settings choose) ranks the matches; the
            # filters stay ORM filters, since not every backend can filter on many-to-many.
            ranked = extras.ranked_pks(query, TrainingPage.objects.live())
            matching = set(selected.filter(pk__in=ranked).values_list("pk", flat=True))
            paginator = Paginator([pk for pk in ranked if pk in matching], PER_PAGE)
            page_obj = paginator.get_page(request.GET.get("page"))
            by_pk = {
                item.pk: item
                for item in selected.filter(pk__in=list(page_obj.object_list)).prefetch_related(
                    "themes"
                )
            }
            results = [by_pk[pk] for pk in page_obj.object_list if pk in by_pk]
        else:
            page_obj = page_of(
                selected.order_by("-date", "title", "pk").prefetch_related("themes"),
                PER_PAGE,
                request.GET.get("page"),
            )
            paginator, results = page_obj.paginator, page_obj.object_list

        return {
            "filter_form": form.display_form(),
            "filters": filters,
            "has_filters": bool(filters),
            "ignored_filters": form.ignored,
            "training_items": results,
            "cards_key": content_key([item.pk for item in results]),
            "page_obj": page_obj,
            "result_count": paginator.count,
            "result_summary": ngettext(
                "%(count)s training item", "%(count)s training items", paginator.count
            )
            % {"count": paginator.count},
        }


class TrainingPage(CachedViewRestrictions, Page):
    description = models.TextField(
        _("description"),
        help_text=_(
            "What the material is about, in two to five sentences. "
            "Shown in listings and to search engines."
        ),
    )
    training_type = models.CharField(
        _("type"), max_length=20, choices=TrainingType.choices, default=TrainingType.COURSE
    )
    audiences = ParentalManyToManyField(
        TrainingAudience,
        verbose_name=_("target audience"),
        blank=True,
        related_name="training_items",
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    learning_objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        help_text=_("One per line, e.g. “Explain what broad consent covers”."),
    )
    prerequisites = models.TextField(
        _("prerequisites"), blank=True, help_text=_("One per line; leave empty if there are none.")
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        help_text=_("How long the material takes, roughly. Leave empty if unknown."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.NOT_SPECIFIED
    )
    provider = models.CharField(
        _("provider"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that made the material."),
    )
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("When the material was published or last revised."),
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    external_url = models.URLField(
        _("link to the material"),
        max_length=500,
        blank=True,
        help_text=_("Where the material lives, if it is on another site."),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("or an uploaded document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField(
        "community.Topic", verbose_name=_("topics"), blank=True, related_name="training_items"
    )
    themes = ParentalManyToManyField(
        TrainingTheme,
        verbose_name=_("themes"),
        blank=True,
        related_name="training_items",
        help_text=_("ELSI, FAIR and Open Science: shown as filters on the training page."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("more about the material"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("training_type"), FieldPanel("difficulty"), FieldPanel("language")]
                ),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Type, audience and tags"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("external_url"),
                FieldPanel("document"),
            ],
            heading=_("Where to find it (a link or a document, not both)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("learning_objectives"),
                FieldPanel("prerequisites"),
                FieldPanel("duration_minutes"),
            ],
            heading=_("Learning"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldRowPanel([FieldPanel("date"), FieldPanel("version")]),
                FieldPanel("licence"),
            ],
            heading=_("Provenance"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description", boost=2),
        index.SearchField("learning_objectives"),
        index.SearchField("prerequisites"),
        index.SearchField("provider"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("training_type"),
        index.FilterField("difficulty"),
        index.FilterField("language"),
        index.FilterField("date"),
    ]
    parent_page_types = ["community.TrainingIndexPage"]
    subpage_types = []
    template = "community/training/training_page.html"

    class Meta:
        verbose_name = _("training item")
        verbose_name_plural = _("training items")

    def clean(self):
        super().clean()
        has_url = bool(self.external_url)
        has_document = self.document_id is not None
        if has_url and has_document:
            message = _("Give either a link to the material or an uploaded document, not both.")
            raise ValidationError({"external_url": message, "document": message})
        if not has_url and not has_document:
            message = _(
                "Give a link to the material or choose an uploaded document: "
                "readers need one of the two to find it."
            )
            raise ValidationError({"external_url": message, "document": message})

    # --- Presentation helpers ---

    @property
    def material_url(self) -> str:
        """Where the material is: the external link or the document's download URL."""
        if self.external_url:
            return self.external_url
        return self.document.url if self.document_id and self.document else ""

    @property
    def is_external(self) -> bool:
        return bool(self.external_url)

    @property
    def objectives_list(self) -> list[str]:
        return _lines(self.learning_objectives)

    @property
    def prerequisites_list(self) -> list[str]:
        return _lines(self.prerequisites)

    @property
    def duration_display(self) -> str:
        return format_minutes(self.duration_minutes)

    @property
    def licence_url(self) -> str:
        return Licence(self.licence).url if self.licence in Licence.values else ""

    @property
    def listing_meta(self) -> str:
        parts = [self.get_training_type_display(), self.get_difficulty_display()]
        if self.duration_minutes:
            parts.append(self.duration_display)
        return " · ".join(str(part) for part in parts)

    def json_ld(self, request=None) -> dict:
        """Bioschemas markup: a `Course` for courses, a `LearningResource` for the rest
        (the TrainingMaterial profile)."""
        is_course = self.training_type == TrainingType.COURSE
        # Absolute URLs as the reader sees them (like the Open Graph tags), else the Site's.
        if request is not None:
            page_url = request.build_absolute_uri(self.get_url(request))
            material_url = request.build_absolute_uri(self.material_url)
        else:
            page_url = self.get_full_url()
            material_url = self.material_url
        topics = [topic.name for topic in self.topics.all()]
        themes = [theme.name for theme in self.themes.all()]
        data = {
            "@context": "https://schema.org/",
            "@type": "Course" if is_course else "LearningResource",
            "@id": page_url,
            "dct:conformsTo": {
                "@id": "https://bioschemas.org/profiles/Course/1.0-RELEASE"
                if is_course
                else "https://bioschemas.org/profiles/TrainingMaterial/1.0-RELEASE"
            },
            "name": self.title,
            "description": self.description,
            "keywords": ", ".join([*themes, *topics]),
            "url": material_url or page_url,
            "mainEntityOfPage": page_url,
            "inLanguage": self.language,
            "educationalLevel": str(self.get_difficulty_display()),
            "audience": [
                {"@type": "Audience", "audienceType": audience.name}
                for audience in self.audiences.all()
            ],
            "dateModified": self.date.isoformat() if self.date else None,
        }
        if not is_course:
            data["learningResourceType"] = str(self.get_training_type_display())
        if self.objectives_list:
            data["teaches"] = self.objectives_list
        if self.prerequisites_list:
            data["coursePrerequisites" if is_course else "competencyRequired"] = (
                self.prerequisites_list
            )
        if self.duration_minutes:
            data["timeRequired"] = iso_duration(self.duration_minutes)
        if self.licence_url:
            data["license"] = self.licence_url
        if self.provider:
            data["provider"] = {"@type": "Organization", "name": self.provider}
        if self.version:
            data["version"] = self.version
        if topics:
            data["about"] = [{"@type": "Thing", "name": name} for name in topics]
        return {key: value for key, value in data.items() if value not in (None, "", [])}

    def json_ld_script(self, request=None):
        """The JSON-LD in a `<script type="application/ld+json">`, escaped as `json_script` does
        (no `<`, `>` or `&` survives, so no text can close the element)."""
        text = json.dumps(self.json_ld(request), cls=DjangoJSONEncoder, ensure_ascii=False)
        text = text.translate(_JSON_SCRIPT_ESCAPES)
        return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        saved = self.pk is not None
        context["topics"] = list(self.topics.all()) if saved else []
        context["themes"] = list(self.themes.all()) if saved else []
        context["audiences"] = list(self.audiences.all()) if saved else []
        context["training_index"] = self.get_parent() if saved else None
        context["json_ld_script"] = self.json_ld_script(request) if saved else ""
        return context


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _lines(text: str) -> list[str]:
    return [
        line.strip().lstrip("-•* ").strip()
        for line in (text or "").splitlines()
        if line.strip().lstrip("-•* ").strip()
    ]


def format_minutes(minutes) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    if hours:
        return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
    return _("%(minutes)s min") % {"minutes": rest}


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration, as schema.org's timeRequired wants: 90 -> 'PT1H30M'."""
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
