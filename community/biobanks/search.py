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
from community.biobanks.forms import BiobankSearchForm
from community.biobanks.models import Biobank

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
    for key in ("q", *FACETS, "commercial", "sort"):
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
    commercial_count = next(
        (n for code, _l, n in counts.get("commercial", []) if code in ("True", "1", "true")), 0
    )
    chips = _chips(params, counts)
    has_filters = bool(chips or params["q"])
    return {
        "form": form,
        "params": params,
        "facets": _facets(params, counts),
        "commercial_count": commercial_count,
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
    }


def _facets(params, counts) -> list[dict]:
    """The facets with their options: the selected ones first, then the most common."""
    selected = {param: set(params[param]) for param in FACETS}
    facets = []
    for param, heading in FACETS.items():
        values = counts.get(param, [])
        if param == "disease" and not params.get("chapter"):
            continue
        shown = [v for v in values if v[0] in selected[param]] + [
            v for v in values if v[0] not in selected[param]
        ][:FACET_LIMIT]
        shown = list(dict.fromkeys(shown))
        if not shown:
            continue
        facets.append(
            {
                "param": param,
                "heading": heading,
                "options": [
                    {
                        "code": code,
                        "label": label,
                        "count": number,
                        "selected": code in selected[param],
                        "id": f"f-{param}-{i}",
                    }
                    for i, (code, label, number) in enumerate(shown)
                ],
            }
        )
    return facets


def _chips(params, counts) -> list[dict]:
    """One removable chip per active filter, each linking to the search without it."""
    chips = []
    labels = {
        (param, code): label for param, values in counts.items() for code, label, _n in values
    }
    for param in FACETS:
        for code in params[param]:
            rest = [value for value in params[param] if value != code]
            chips.append(
                {
                    "label": f"{FACETS[param]}: {labels.get((param, code), code)}",
                    "url": "?" + query_string(params, **{param: rest}),
                }
            )
    if params["commercial"]:
        chips.append(
            {
                "label": _("Available for commercial use"),
                "url": "?" + query_string(params, commercial=False),
            }
        )
    return chips


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
