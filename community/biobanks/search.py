"""The search behind /biobanks/: the words, the filters, the facet counts and the browse entry.

The words (``q``) go to the project's search backend (Wagtail's search, whoosh in production,
fuzzy retry for misspellings); filters, facet counts and the name order come from the facet
bitsets (``community.biobanks.facets``), built once per sync, so a search costs the same few
queries (the page of results by primary key) whatever the size of the catalogue.

``run_search`` is shared by the page, the CSV of the results (``exports``) and the JSON API
(``api``); ``page_context`` is what the index page's template shows.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.biobanks import facets as facet_index
from community.biobanks import no_results, reasons
from community.biobanks.forms import SORTS, BiobankSearchForm
from community.biobanks.models import Biobank
from hub import finders
from hub.usage import counting as usage

PER_PAGE = 20
MAX_MATCHES = 1000  # a text search ranks at most this many biobanks
FACET_LIMIT = 20

# URL parameter -> heading of its facet
FACETS = {
    "country": gettext_lazy("Country"),
    "type": gettext_lazy("Collection type"),
    "material": gettext_lazy("Material type"),
    "category": gettext_lazy("Data category"),
    "chapter": gettext_lazy("Disease group (ICD-10 chapter)"),
    "disease": gettext_lazy("Disease"),
    "quality": gettext_lazy("Quality standard"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age group"),
    "samples": gettext_lazy("Number of samples"),
    "donors": gettext_lazy("Number of donors"),
    "access": gettext_lazy("Access"),
}
# Switches: URL parameter -> (heading of its group, label of its checkbox)
SWITCHES = {
    "notified": (gettext_lazy("Status"), gettext_lazy("Notified biobank")),
    "commercial": (gettext_lazy("Use"), gettext_lazy("Available for commercial use")),
}


def _text_matches(query: str) -> tuple[list[int], bool, str | None]:
    """Primary keys of listed biobanks matching `query`, best first; (pks, fuzzy, suggestion)."""
    from hub.search import extras

    words = "".join(ch if ch.isalnum() or ch in "-." else " " for ch in query).split()
    if not words:
        return [], False, None
    outcome = extras.search(" ".join(words), Biobank.objects.filter(withdrawn=False).only("pk"))
    # Keys straight from the index: the facet index (built from the database) drops any the
    # database no longer lists.
    pks = extras.result_pks(outcome.results[:MAX_MATCHES])
    return pks, outcome.fuzzy, outcome.suggestion


@dataclass
class Search:
    form: BiobankSearchForm
    params: dict
    index: facet_index.FacetIndex
    matches: list[int] | None  # text search hits, best first (None: no words)
    pks: list[int]  # the results, in the order asked for
    fuzzy: bool = False
    suggestion: str | None = None


def run_search(request) -> Search:
    form = BiobankSearchForm(request.GET)
    params = form.params()
    matches, fuzzy, suggestion = None, False, None
    if params["q"]:
        matches, fuzzy, suggestion = _text_matches(params["q"])
    index = facet_index.current()
    # A sex no listed collection has is unknown: dropped like the unknown ranges (forms).
    params["sex"] = [code for code in params["sex"] if code in index.bits["sex"]]
    mask = index.mask(params, matches)
    if matches is not None and params["sort"] == "relevance":
        pks = [pk for pk in matches if index.has(mask, pk)]
    else:
        pks = index.pks_in(mask)
    return Search(form, params, index, matches, pks, fuzzy, suggestion)


def in_order(queryset, pks) -> list:
    """The rows of `pks` (a page's worth), in that order."""
    by_pk = queryset.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def query_string(params, **changes) -> str:
    """The search's URL parameters (with `changes`), defaults left out."""
    merged = {**params, **changes}
    pairs = []
    for key in ("q", *FACETS, *SWITCHES, "sort"):
        value = merged.get(key)
        if key == "sort" and value == ("relevance" if merged.get("q") else "name"):
            continue
        if isinstance(value, list):
            pairs += [(key, item) for item in value]
        elif value is True:
            pairs.append((key, "1"))
        elif value:
            pairs.append((key, value))
    return urlencode(pairs)


def page_context(request) -> dict:
    """What /biobanks/ shows for the request's search: results, facets, chips, pagination."""
    found = run_search(request)
    form, params, matches = found.form, found.params, found.matches
    fuzzy, suggestion = found.fuzzy, found.suggestion
    counts = found.index.counts(params, matches)
    paginator = Paginator(found.pks, PER_PAGE)
    usage.searched("biobanks", params["q"], found=paginator.count)
    page_obj = paginator.get_page(request.GET.get("page"))
    results = in_order(
        Biobank.objects.select_related("country").only(
            "name",
            "acronym",
            "slug",
            "description",
            "local_introduction",
            "location",
            "collection_count",
            "country__label",
            "country__code",
            "commercial_use",
        ),
        page_obj.object_list,
    )
    reasons.explain(results, params)  # the matching collections, and why
    chips = _chips(params, counts, found.index, request.path)
    has_filters = bool(chips or params["q"])
    groups = _facets(params, counts, found.index)
    for switch, (heading, label) in SWITCHES.items():
        number = next((n for code, _l, n in counts.get(switch, []) if code == "1"), 0)
        option = finders.option(switch, "1", label, count=number, selected=params[switch])
        group = finders.checkbox_group(switch, heading, [option])
        if group["total"]:
            groups.append(group)
    groups.append(
        {
            "kind": "select",
            "name": "sort",
            "id": "biobank-sort",
            "label": _("Sort by"),
            "options": [
                {"value": value, "label": label, "selected": params["sort"] == value}
                for value, label in SORTS
            ],
        }
    )
    return {
        "form": form,
        "params": params,
        "finder": finders.panel(
            id="biobank-filters",
            groups=groups,
            chips=chips,
            clear_url=_url(request.path, query_string({"q": params["q"]})),
            submit_label=_("Show biobanks"),
        ),
        "chips": chips,
        "has_filters": has_filters,
        "results": results,
        "page_obj": page_obj,
        "result_count": paginator.count,
        "result_summary": ngettext("%(count)s biobank", "%(count)s biobanks", paginator.count)
        % {"count": paginator.count},
        "fuzzy": fuzzy,
        "suggestion": suggestion,
        "suggestion_url": "?" + query_string(params, q=suggestion) if suggestion else "",
        "query_string": query_string(params),
        "page_query": query_string(params) + ("&" if query_string(params) else ""),
        "browse": None if has_filters else _browse(counts),
        "capped": matches is not None and len(matches) >= MAX_MATCHES,
        "no_results": (
            no_results.suggestions(found, request.path)
            if has_filters and not paginator.count
            else None
        ),
    }


def _facets(params, counts, index) -> list[dict]:
    """The facets as filter groups: the selected options first, then the most common; an
    option that matches nothing is left out unless it is selected (so it can be unticked)."""
    selected = {param: list(params[param]) for param in FACETS}
    groups = []
    for param, heading in FACETS.items():
        if param == "disease" and not params.get("chapter"):
            continue
        values = {code: (label, number) for code, label, number in counts.get(param, [])}
        if param in facet_index.FIXED:  # ranges: in their order, ticked ones in place
            chosen = []
            others = [
                (code, *values.get(code, (index.label(param, code), 0)))
                for code in facet_index.FIXED[param]
            ]
        else:
            chosen = [
                (code, *values.get(code, (index.label(param, code), 0)))
                for code in dict.fromkeys(selected[param])
            ]
            others = [
                (code, label, number)
                for code, label, number in counts.get(param, [])
                if code not in selected[param]
            ][:FACET_LIMIT]
        options = [
            finders.option(
                param, code, label, count=number, selected=code in selected[param], index=i
            )
            for i, (code, label, number) in enumerate(chosen + others)
        ]
        group = finders.checkbox_group(param, heading, options)
        if group["total"]:
            groups.append(group)
    return groups


def _chips(params, counts, index, base) -> list[dict]:
    """One removable chip per active filter, each linking to the search without it."""
    chips = []
    labels = {
        (param, code): label for param, values in counts.items() for code, label, _n in values
    }
    for param in FACETS:
        for code in params[param]:
            rest = [value for value in params[param] if value != code]
            label = labels.get((param, code)) or index.label(param, code)
            chips.append(
                {
                    "field": FACETS[param],
                    "label": label,
                    "url": _url(base, query_string(params, **{param: rest})),
                }
            )
    for switch, (heading, label) in SWITCHES.items():
        if params[switch]:
            chips.append(
                {
                    "field": heading,
                    "label": label,
                    "url": _url(base, query_string(params, **{switch: False})),
                }
            )
    return chips


def _url(base, query) -> str:
    return f"{base}?{query}" if query else base


def _browse(counts) -> list[dict]:
    """The category-first entry: a few ways in for first-time readers."""
    groups = []
    for param, heading in (
        ("material", _("By material")),
        ("chapter", _("By disease group")),
        ("type", _("By kind of collection")),
    ):
        values = counts.get(param, [])[:8]
        if values:
            groups.append(
                {
                    "heading": heading,
                    "links": [
                        {"label": label, "count": number, "url": "?" + urlencode({param: code})}
                        for code, label, number in values
                    ],
                }
            )
    return groups
