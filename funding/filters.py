"""The filters of /funding/ and /partnerships/.

Every parameter is checked on its own: a value that does not validate (an unknown status, a
funder that does not exist, a non-numeric amount, a NUL byte…) is dropped and its default
applies, so junk in the URL never causes an error. `filters()` returns the valid values only;
they are what the list shows, what the URL keeps, and what a saved filter stores.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import StakeholderType, Topic
from funding.fields import has_choice
from funding.models import (
    CallStatus,
    Funder,
    ListingKind,
    OrganisationType,
    Resource,
    Sector,
)
from hub import finders
from hub.cache import remember
from hub.translated_snippets import localize_snippets, source_snippets
from hub.widgets import QuickSelect

CLOSED = CallStatus.CLOSED
PER_PAGE = 10  # calls or listings a page
MAX_AMOUNT = 10**12
CALL_FILTERS = ("status", "funder", "topic", "stakeholder", "amount")
LISTING_FILTERS = ("kind", "organisation_type", "sector", "resource", "topic", "q")


class CleanFilterForm(forms.Form):
    """A GET form whose `filters()` keeps each valid field and drops each invalid one."""

    names: tuple[str, ...] = ()

    def filters(self) -> dict:
        if getattr(self, "_filters", None) is not None:
            return self._filters
        self.ignored = []
        result = {}
        for name in self.names:
            raw = self.data.get(name, "") if self.data else ""
            if raw in ("", None):
                continue
            field = self.fields[name]
            try:
                value = field.clean(raw)  # CharField refuses NUL characters by itself
            except forms.ValidationError:
                self.ignored.append(name)
                continue
            if value not in ("", None):
                result[name] = value
        self._filters = result
        return result

    def display_form(self):
        """An unbound copy with the valid values only: junk never comes back into the form."""
        return type(self)(initial=self.filters(), **self._extra_kwargs())

    def _extra_kwargs(self) -> dict:
        return {}


class CallFilterForm(CleanFilterForm):
    names = CALL_FILTERS
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    funder = forms.ChoiceField(label=_("Funder"), required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)
    stakeholder = forms.ChoiceField(label=_("Open to"), required=False, widget=QuickSelect)
    amount = forms.IntegerField(
        label=_("Award of at least"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=_("In the call's currency, e.g. 50000."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}),
    )

    def __init__(self, *args, funders=None, topics=None, **kwargs):
        kwargs.setdefault("auto_id", "funding-filter-%s")
        super().__init__(*args, **kwargs)
        self._funders = list(funders if funders is not None else funder_choices())
        self._topics = list(
            topics if topics is not None else Topic.objects.values_list("slug", "name")
        )
        self.fields["status"].choices = [("", _("Open and forthcoming")), *CallStatus.choices]
        self.fields["funder"].choices = [("", _("All funders")), *self._funders]
        self.fields["topic"].choices = [("", _("All topics")), *self._topics]
        self.fields["stakeholder"].choices = [("", _("Anyone")), *StakeholderType.choices]

    def _extra_kwargs(self):
        return {"funders": self._funders, "topics": self._topics}


def apply_call_filters(calls, filters: dict, now=None):
    """Narrow a FundingCallPage queryset by valid `filters` (see CallFilterForm.filters())."""
    now = now or timezone.now()
    status = filters.get("status")
    known = status in CallStatus.values
    calls = calls.with_status(status, now) if known else calls.not_closed(now)
    if filters.get("funder"):
        calls = calls.filter(funder__slug=filters["funder"])
    if filters.get("topic"):
        calls = calls.filter(topics__slug=filters["topic"])
    if filters.get("stakeholder") in StakeholderType.values:
        calls = calls.for_stakeholder(filters["stakeholder"])
    amount = filters.get("amount")
    if isinstance(amount, int) and not isinstance(amount, bool):
        calls = calls.with_award_at_least(amount)
    return calls


class ListingFilterForm(CleanFilterForm):
    names = LISTING_FILTERS
    q = forms.CharField(
        label=_("Search listings"), required=False, max_length=200, widget=forms.SearchInput()
    )
    kind = forms.ChoiceField(label=_("Offers or requests"), required=False, widget=QuickSelect)
    organisation_type = forms.ChoiceField(
        label=_("Organisation"), required=False, widget=QuickSelect
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=QuickSelect)
    resource = forms.ChoiceField(label=_("What"), required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)

    def __init__(self, *args, topics=None, **kwargs):
        kwargs.setdefault("auto_id", "listing-filter-%s")
        super().__init__(*args, **kwargs)
        self._topics = list(
            topics if topics is not None else Topic.objects.values_list("slug", "name")
        )
        self.fields["kind"].choices = [("", _("Offers and requests")), *ListingKind.choices]
        self.fields["organisation_type"].choices = [
            ("", _("Any organisation")),
            *OrganisationType.choices,
        ]
        self.fields["sector"].choices = [("", _("Any sector")), *Sector.choices]
        self.fields["resource"].choices = [("", _("Anything")), *Resource.choices]
        self.fields["topic"].choices = [("", _("All topics")), *self._topics]

    def _extra_kwargs(self):
        return {"topics": self._topics}

    @property
    def finder(self) -> dict:
        """The shared filter panel (hub.finders) of a display form (the valid filters as its
        initial values); links are relative to /partnerships/, the search words kept."""
        filters = self.initial
        names = [name for name in LISTING_FILTERS if name != "q"]
        kept = {"q": filters["q"]} if filters.get("q") else {}
        return finders.panel(
            id="listing-filter-panel",
            groups=finders.form_groups(self, names),
            chips=finders.form_chips(self, filters, names, base="./", keep=kept),
            clear_url="./" + ("?" + urlencode(kept) if kept else ""),
            submit_label=_("Show listings"),
        )


def apply_listing_filters(listings, filters: dict):
    for name in ("kind", "organisation_type", "sector"):
        if filters.get(name):
            listings = listings.filter(**{name: filters[name]})
    if filters.get("resource"):
        listings = listings.filter(has_choice("resources", filters["resource"]))
    if filters.get("topic"):
        listings = listings.filter(topics__slug=filters["topic"])
    return listings


def funder_choices() -> list[tuple[str, str]]:
    """(slug, name) of each funder once (its English row), named in the reading language."""
    funders = list(source_snippets(Funder.objects.all()))
    shown = localize_snippets(funders)
    return [(funder.slug, name.name) for funder, name in zip(funders, shown, strict=True)]


def index_page_topics() -> list[tuple[str, str]]:
    """(slug, name) of every topic, for the filters; kept until a topic changes."""
    return remember("funding:topics", lambda: list(Topic.objects.values_list("slug", "name")))
