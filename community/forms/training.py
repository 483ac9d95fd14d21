"""The filters and search box of /training/.

Every parameter is checked on its own: a value that does not validate (an unknown type, a
topic that does not exist, an over-long query, a NUL byte…) is dropped and its default applies,
so junk in the URL never causes an error. Within one facet the themes combine with OR; the
facets combine with AND.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from community.models.topics import Topic
from community.models.training import (
    LANGUAGE_CHOICES,
    Difficulty,
    TrainingAudience,
    TrainingPage,
    TrainingTheme,
    TrainingType,
)
from hub.widgets import QuickSelect

QUERY_MAX_LENGTH = 200
FILTER_NAMES = ("type", "audience", "difficulty", "topic", "language", "theme")


def facet_choices(items: QuerySet) -> dict:
    """The options of each facet (topics and languages: only those the items use)."""
    used_languages = set(items.order_by().values_list("language", flat=True).distinct())
    return {
        "type": list(TrainingType.choices),
        "difficulty": list(Difficulty.choices),
        "audience": list(TrainingAudience.objects.values_list("slug", "name")),
        "theme": list(TrainingTheme.objects.values_list("slug", "name")),
        "topic": list(
            Topic.objects.filter(training_items__in=items)
            .distinct()
            .order_by("sort_order", "name")
            .values_list("slug", "name")
        ),
        "language": [(code, name) for code, name in LANGUAGE_CHOICES if code in used_languages],
    }


class TrainingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search training"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("e.g. consent, FAIR, pre-analytics")}),
    )
    type = forms.ChoiceField(label=_("Type"), required=False, widget=QuickSelect)
    audience = forms.ChoiceField(label=_("Audience"), required=False, widget=QuickSelect)
    difficulty = forms.ChoiceField(label=_("Difficulty"), required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=QuickSelect)
    theme = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )

    ANY = {
        "type": _("Any type"),
        "audience": _("Any audience"),
        "difficulty": _("Any level"),
        "topic": _("All topics"),
        "language": _("Any language"),
    }

    def __init__(self, *args, items: QuerySet | None = None, choices: dict | None = None, **kwargs):
        kwargs.setdefault("auto_id", "training-filter-%s")
        super().__init__(*args, **kwargs)
        if choices is None:
            choices = facet_choices(items if items is not None else TrainingPage.objects.live())
        self.facet_options = choices
        for name, options in choices.items():
            if name in self.ANY:
                self.fields[name].choices = [("", self.ANY[name]), *options]
            else:
                self.fields[name].choices = options
        self._filters = None

    def filters(self) -> dict:
        """The valid, non-empty parameters only; each junk value is dropped on its own."""
        if self._filters is None:
            if not self.is_bound:
                self._filters = {}
            else:
                self.is_valid()
                self._filters = {name: value for name, value in self.cleaned_data.items() if value}
        return self._filters

    @property
    def ignored(self) -> bool:
        """True when a parameter was given but not understood (shown as a note)."""
        self.filters()
        return self.is_bound and bool(self.errors)

    def display_form(self) -> "TrainingFilterForm":
        """An unbound copy showing the filters in use (junk values shown as their default)."""
        return TrainingFilterForm(initial=self.filters(), choices=self.facet_options)

    @staticmethod
    def apply(items: QuerySet, filters: dict) -> QuerySet:
        """`items` narrowed by the filters (the search query `q` is not applied here)."""
        if "type" in filters:
            items = items.filter(training_type=filters["type"])
        if "difficulty" in filters:
            items = items.filter(difficulty=filters["difficulty"])
        if "language" in filters:
            items = items.filter(language=filters["language"])
        # Many-to-many facets as subqueries: no joins, so no duplicate rows.
        if "audience" in filters:
            items = items.filter(
                pk__in=TrainingPage.objects.filter(audiences__slug=filters["audience"]).values("pk")
            )
        if "topic" in filters:
            items = items.filter(
                pk__in=TrainingPage.objects.filter(topics__slug=filters["topic"]).values("pk")
            )
        if "theme" in filters:
            items = items.filter(
                pk__in=TrainingPage.objects.filter(themes__slug__in=filters["theme"]).values("pk")
            )
        return items
