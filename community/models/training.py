"""Training material, in the spirit of ELIXIR's TeSS: an index at /training/ and one page per item.

Each item describes a course, an e-learning module, slides, a recording, a document or a
guideline: who it is for, how hard it is, what it teaches, and where to find it (an external
link *or* a document uploaded to Wagtail, exactly one of the two).

Its vocabularies (types, levels, licences, audiences, themes) are in
``community.models.training_vocabularies``. The listing's filters live in
``community.forms.training.TrainingFilterForm``; the Bioschemas JSON-LD of an item is built by
``TrainingPage.json_ld()``.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community import training_jsonld
from community.models.training_vocabularies import (
    LANGUAGE_CHOICES,
    Difficulty,
    Licence,
    TrainingAudience,
    TrainingTheme,
    TrainingType,
)
from home.blocks import BodyBlock
from hub import finders
from hub.cache import content_key, remember
from hub.i18n import LocalisedPage, localize, source_of
from hub.pagination import page_of
from hub.privacy import CachedViewRestrictions, public
from hub.search import extras

# The vocabularies stay importable from here (community.forms.training imports them so).
__all__ = [
    "LANGUAGE_CHOICES",
    "Difficulty",
    "Licence",
    "TrainingAudience",
    "TrainingIndexPage",
    "TrainingPage",
    "TrainingTheme",
    "TrainingType",
    "format_minutes",
]

PER_PAGE = 10


class TrainingIndexPage(LocalisedPage, CachedViewRestrictions, Page):
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

        items = public(TrainingPage.objects.child_of(source_of(self)).live())
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
        results = localize(results)

        display = form.display_form()
        return {
            "filter_form": display,
            "finder": self.filter_panel(request, display, filters),
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

    @staticmethod
    def filter_panel(request, form, filters) -> dict:
        """The shared filter panel (hub.finders) of the training list."""
        from community.forms.training import FILTER_NAMES

        names = [
            name
            for name in FILTER_NAMES
            if name != "language" or len(form.fields[name].choices) > 2 or filters.get(name)
        ]
        kept = {"q": filters["q"]} if filters.get("q") else {}
        return finders.panel(
            id="training-filter-panel",
            groups=finders.form_groups(form, names),
            chips=finders.form_chips(form, filters, FILTER_NAMES, base=request.path, keep=kept),
            clear_url=request.path + ("?" + urlencode(kept) if kept else ""),
            submit_label=_("Show training"),
        )


class TrainingPage(LocalisedPage, CachedViewRestrictions, Page):
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
        """Bioschemas markup (``community.training_jsonld``)."""
        return training_jsonld.json_ld(self, request)

    def json_ld_script(self, request=None):
        """The JSON-LD in a `<script type="application/ld+json">` that no text can close."""
        return training_jsonld.script(self.json_ld(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        saved = self.pk is not None
        context["topics"] = list(self.topics.all()) if saved else []
        context["themes"] = list(self.themes.all()) if saved else []
        context["audiences"] = list(self.audiences.all()) if saved else []
        context["training_index"] = self.get_parent() if saved else None
        context["json_ld_script"] = self.json_ld_script(request) if saved else ""
        return context


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
