"""The views behind /biobanks/ (routes of ``BiobankIndexPage``).

The search: the words (``q``) go to the project's search backend (Wagtail's search, whoosh in
production, fuzzy retry for misspellings); filters, facet counts and the name order come from
the facet bitsets (``community.biobanks.facets``), built once per sync, so a search costs the same
few queries (the page of results by primary key) whatever the size of the catalogue.
"""

import csv
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import (
    CharField,
    Q,
    Value,
)
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.biobanks import facets as facet_index
from community.biobanks.catalogue.emx2 import BIOBANK_HEADER, COLLECTION_HEADER
from community.biobanks.forms import BiobankSearchForm
from community.biobanks.models import (
    NEGOTIATOR_URL,
    Biobank,
    Collection,
    QualityMark,
    SyncRun,
)
from hub.cache import remember
from hub.csvsafe import safe_row
from hub.privacy import public

PER_PAGE = 20
MAX_MATCHES = 1000  # a text search ranks at most this many biobanks
FACET_LIMIT = 20
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# URL parameter -> (heading, Biobank through-table relation or None, term field)
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


def _in_order(queryset, pks) -> list:
    """The rows of `pks` (a page's worth), in that order."""
    by_pk = queryset.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _query_string(params, **changes) -> str:
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


def search(request, index_page):
    found = run_search(request)
    form, params, matches = found.form, found.params, found.matches
    fuzzy, suggestion = found.fuzzy, found.suggestion
    counts = found.index.counts(params, matches)
    paginator = Paginator(found.pks, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    results = _in_order(
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
    commercial_count = next(
        (n for code, _l, n in counts.get("commercial", []) if code in ("True", "1", "true")), 0
    )
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
                    "url": "?" + _query_string(params, **{param: rest}),
                }
            )
    if params["commercial"]:
        chips.append(
            {
                "label": _("Available for commercial use"),
                "url": "?" + _query_string(params, commercial=False),
            }
        )
    has_filters = bool(chips or params["q"])
    context = {
        "page": index_page,
        "self": index_page,
        "form": form,
        "params": params,
        "facets": facets,
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
        "suggestion_url": "?" + _query_string(params, q=suggestion) if suggestion else "",
        "query_string": _query_string(params),
        "page_query": _query_string(params) + ("&" if _query_string(params) else ""),
        "browse": None if has_filters else _browse(counts),
        "capped": matches is not None and len(matches) >= MAX_MATCHES,
    }
    return TemplateResponse(request, index_page.template, context)


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


# --- CSV of the results, EMX2 export, JSON API ----------------------------------------------


class _Echo:
    def write(self, value):
        return value


def results_csv(request, index_page):
    pks = run_search(request).pks
    rows = Biobank.objects.select_related("country")
    base = request.build_absolute_uri(index_page.url)

    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(
            [
                "id",
                "name",
                "acronym",
                "country",
                "location",
                "collections",
                "commercial_use",
                "url",
                "profile",
                "directory",
            ]
        )
        for start in range(0, len(pks), 1000):
            for biobank in _in_order(rows, pks[start : start + 1000]):
                yield writer.writerow(
                    safe_row(
                        [
                            biobank.catalogue_id,
                            biobank.name,
                            biobank.acronym,
                            biobank.country.code if biobank.country_id else "",
                            biobank.location,
                            biobank.collection_count,
                            "true" if biobank.commercial_use else "false",
                            biobank.url,
                            f"{base}{biobank.slug}/",
                            biobank.directory_url,
                        ]
                    )
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="biobanks.csv"'
    return response


def _codes(relation_rows):
    out = defaultdict(list)
    for owner, code in relation_rows:
        out[owner].append(code)
    return out


def export_emx2(request, index_page):
    """What the hub holds, as an EMX2 zip that sync_catalogue (and EMX2) can read back.

    Cells are written exactly as stored, formulas included (no ``hub.csvsafe`` apostrophe): this
    file is data for programs, and a round trip through the hub must change no byte of it.
    """
    buffer = io.BytesIO()
    biobanks = Biobank.objects.select_related("country").order_by("catalogue_id")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(BIOBANK_HEADER)
        for b in biobanks.iterator(chunk_size=2000):
            writer.writerow(
                [
                    b.catalogue_id,
                    b.pid,
                    b.name,
                    b.acronym,
                    b.description,
                    b.url,
                    b.location,
                    b.country.code if b.country_id else "",
                    "" if b.latitude is None else b.latitude,
                    "" if b.longitude is None else b.longitude,
                    b.juridical_person,
                    ",".join(b.networks or []),
                    _bool(b.collaboration_commercial),
                    _bool(b.collaboration_non_for_profit),
                    _bool(b.withdrawn),
                ]
            )
        archive.writestr("Biobanks.csv", out.getvalue())

        m2m = {}
        for name in (
            "types",
            "data_categories",
            "materials",
            "diagnoses",
            "sex",
            "storage_temperatures",
            "access_fee",
            "access_joint_project",
        ):
            relation = getattr(Collection, name)
            target = relation.field.remote_field.model._meta.model_name
            m2m[name] = _codes(
                relation.through.objects.values_list("collection_id", f"{target}__code")
            )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLLECTION_HEADER)
        collections = Collection.objects.values(
            "pk",
            "catalogue_id",
            "name",
            "acronym",
            "description",
            "url",
            "country__code",
            "biobank__catalogue_id",
            "parent__catalogue_id",
            "order_of_magnitude__code",
            "size",
            "number_of_donors",
            "order_of_magnitude_donors__code",
            "age_low",
            "age_high",
            "age_unit__code",
            "collaboration_commercial",
            "collaboration_non_for_profit",
            "commercial_use",
            "access_description",
            "access_uri",
            "withdrawn",
        ).order_by("catalogue_id")
        for c in collections.iterator(chunk_size=2000):

            def joined(name, c=c):
                return ",".join(sorted(m2m[name].get(c["pk"], [])))

            writer.writerow(
                [
                    c["catalogue_id"],
                    c["name"],
                    c["acronym"],
                    c["description"],
                    c["url"],
                    c["country__code"] or "",
                    c["biobank__catalogue_id"],
                    c["parent__catalogue_id"] or "",
                    joined("types"),
                    joined("data_categories"),
                    c["order_of_magnitude__code"] or "",
                    _blank(c["size"]),
                    _blank(c["number_of_donors"]),
                    c["order_of_magnitude_donors__code"] or "",
                    joined("sex"),
                    joined("diagnoses"),
                    _blank(c["age_low"]),
                    _blank(c["age_high"]),
                    c["age_unit__code"] or "",
                    joined("materials"),
                    joined("storage_temperatures"),
                    _bool(c["collaboration_commercial"]),
                    _bool(c["collaboration_non_for_profit"]),
                    _bool(c["commercial_use"]),
                    joined("access_fee"),
                    joined("access_joint_project"),
                    c["access_description"],
                    c["access_uri"],
                    _bool(c["withdrawn"]),
                ]
            )
        archive.writestr("Collections.csv", out.getvalue())

        for file_name, owner, level_column in (
            ("QualityInfoBiobanks.csv", "biobank", "assess_level_bio"),
            ("QualityInfoCollections.csv", "collection", "assess_level_col"),
        ):
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["id", owner, "quality_standard", level_column])
            marks = QualityMark.objects.filter(**{f"{owner}__isnull": False}).values_list(
                "pk", f"{owner}__catalogue_id", "standard__code", "level__code"
            )
            for pk, owner_id, standard, level in marks.order_by("pk"):
                writer.writerow([f"hub-{pk}", owner_id, standard, level or ""])
            archive.writestr(file_name, out.getvalue())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="biobanks-emx2.zip"'
    return response


def _bool(value) -> str:
    return "true" if value else "false"


def _blank(value) -> str:
    return "" if value is None else str(value)


def _api_summary(request, index_page, biobank) -> dict:
    return {
        "id": biobank.catalogue_id,
        "name": biobank.name,
        "acronym": biobank.acronym,
        "country": biobank.country.code if biobank.country_id else None,
        "collections": biobank.collection_count,
        "withdrawn": biobank.withdrawn,
        "url": request.build_absolute_uri(f"{index_page.url}{biobank.slug}/"),
        "api_url": request.build_absolute_uri(f"{index_page.url}api/{biobank.slug}/"),
        "directory_url": biobank.directory_url,
    }


def api_list(request, index_page):
    found = run_search(request)
    params = found.params
    paginator = Paginator(found.pks, 100)
    page_obj = paginator.get_page(request.GET.get("page"))
    biobanks = _in_order(Biobank.objects.select_related("country"), page_obj.object_list)
    data = {
        "count": paginator.count,
        "page": page_obj.number,
        "pages": paginator.num_pages,
        "next": (
            request.build_absolute_uri(
                f"?{_query_string(params)}&page={page_obj.next_page_number()}"
            )
            if page_obj.has_next()
            else None
        ),
        "results": [_api_summary(request, index_page, b) for b in biobanks],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def api_detail(request, index_page, slug):
    profile_data = load_profile(slug)
    biobank = profile_data["biobank"]
    data = _api_summary(request, index_page, biobank)
    data.update(
        {
            "description": biobank.description,
            "local_introduction": biobank.local_introduction,
            "website": biobank.url,
            "location": biobank.location,
            "juridical_person": biobank.juridical_person,
            "networks": biobank.networks,
            "notified_biobank": biobank.notified_biobank,
            "quality": [
                {"standard": m.standard.code, "level": m.level.code if m.level_id else None}
                for m in profile_data["biobank_marks"]
            ],
            "collections": [_api_collection(item) for item in profile_data["collections"]],
            "last_synced": profile_data["last_synced"],
        }
    )
    return JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


def _api_collection(item) -> dict:
    collection = item["collection"]
    return {
        "id": collection.catalogue_id,
        "name": collection.name,
        "acronym": collection.acronym,
        "description": collection.description,
        "parent": item["parent_id"],
        "size": collection.size,
        "number_of_donors": collection.number_of_donors,
        "age_low": collection.age_low,
        "age_high": collection.age_high,
        "commercial_use": collection.commercial_use,
        "access_description": collection.access_description,
        "access_uri": collection.access_uri or None,
        "withdrawn": collection.withdrawn,
        **{name: [term["code"] for term in terms] for name, terms in item["terms"].items()},
        "quality": [
            {"standard": m.standard.code, "level": m.level.code if m.level_id else None}
            for m in item["marks"]
        ],
    }


# --- Profile --------------------------------------------------------------------------------

COLLECTION_TERMS = {  # relation -> heading
    "types": gettext_lazy("Collection types"),
    "materials": gettext_lazy("Materials"),
    "diagnoses": gettext_lazy("Diseases"),
    "data_categories": gettext_lazy("Data categories"),
    "sex": gettext_lazy("Sex"),
    "storage_temperatures": gettext_lazy("Storage temperatures"),
    "access_fee": gettext_lazy("Fee-based access to"),
    "access_joint_project": gettext_lazy("Joint-project access to"),
}


def load_profile(slug) -> dict:
    """Everything a profile shows from the catalogue, kept until the next sync or edit."""
    return remember(f"biobank-profile:{slug}", lambda: _load_profile(slug))


def _load_profile(slug) -> dict:
    """Everything a profile shows from the catalogue, in a fixed number of queries (7)."""
    biobank = Biobank.objects.select_related("country", "photo").filter(slug=slug).first()
    if biobank is None:
        raise Http404(_("No biobank has this address."))
    collections = list(
        Collection.objects.filter(biobank=biobank)
        .select_related(
            "country", "age_unit", "order_of_magnitude", "order_of_magnitude_donors", "parent"
        )
        .order_by("withdrawn", "parent_id", "name")
    )
    # Every many-to-many value of every collection, in one query.
    parts = []
    for name in COLLECTION_TERMS:
        relation = getattr(Collection, name)
        target = relation.field.remote_field.model._meta.model_name
        parts.append(
            relation.through.objects.filter(collection__biobank=biobank)
            .values_list(
                "collection_id",
                Value(name, output_field=CharField()),
                f"{target}__code",
                f"{target}__label",
            )
            .order_by()
        )
    terms = defaultdict(lambda: defaultdict(list))
    for owner, name, code, label in parts[0].union(*parts[1:], all=True):
        terms[owner][name].append({"code": code, "label": label})
    marks = defaultdict(list)
    biobank_marks = []
    for mark in QualityMark.objects.filter(
        Q(biobank=biobank) | Q(collection__biobank=biobank)
    ).select_related("standard", "level"):
        if mark.biobank_id:
            biobank_marks.append(mark)
        else:
            marks[mark.collection_id].append(mark)
    items = []
    for collection in collections:
        by_name = terms.get(collection.pk, {})
        items.append(
            {
                "collection": collection,
                "parent_id": collection.parent.catalogue_id if collection.parent_id else None,
                "terms": {
                    name: sorted(by_name.get(name, []), key=lambda t: t["label"])
                    for name in COLLECTION_TERMS
                },
                "term_rows": [
                    (heading, sorted(by_name[name], key=lambda t: t["label"]))
                    for name, heading in COLLECTION_TERMS.items()
                    if by_name.get(name)
                ],
                "marks": marks.get(collection.pk, []),
            }
        )
    last = (
        SyncRun.objects.filter(source_key=biobank.source_key, status=SyncRun.Status.SUCCESS)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "biobank": biobank,
        "collections": items,
        "biobank_marks": biobank_marks,
        "last_synced": last,
    }


def json_ld(request, index_page, data) -> dict:
    biobank = data["biobank"]
    url = request.build_absolute_uri(f"{index_page.url}{biobank.slug}/")
    datasets = []
    for item in data["collections"]:
        collection = item["collection"]
        if collection.withdrawn:
            continue
        keywords = [
            t["label"]
            for name in ("materials", "diagnoses", "data_categories")
            for t in item["terms"][name]
        ]
        dataset = {
            "@type": "Dataset",
            "@id": collection.directory_url,
            "identifier": collection.catalogue_id,
            "name": collection.name,
            "description": collection.description or collection.name,
            "url": collection.directory_url,
            "keywords": keywords,
            "includedInDataCatalog": {"@id": url},
        }
        if collection.country_id:
            dataset["spatialCoverage"] = collection.country.label
        datasets.append(dataset)
    catalogue = {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": url,
        "identifier": biobank.catalogue_id,
        "name": biobank.name,
        "alternateName": biobank.acronym or None,
        "description": biobank.local_introduction or biobank.description or biobank.name,
        "url": url,
        "sameAs": [link for link in (biobank.directory_url, biobank.url) if link],
        "dataset": datasets,
    }
    if biobank.juridical_person:
        catalogue["provider"] = {"@type": "Organization", "name": biobank.juridical_person}
    if biobank.location or biobank.country_id:
        catalogue["spatialCoverage"] = ", ".join(
            part for part in (biobank.location, biobank.country and biobank.country.label) if part
        )
    return {key: value for key, value in catalogue.items() if value is not None}


def profile(request, index_page, slug):
    data = load_profile(slug)
    biobank = data["biobank"]
    topics = list(biobank.topics.all())
    groups = list(public(biobank.working_groups.live()).only("title", "url_path", "path"))
    listings = list(biobank.partnership_listings.public().order_by("-created_at")[:10])
    topic_pages = {}
    if topics:
        from community.models import TopicPage

        topic_pages = {
            p.topic_id: p
            for p in public(TopicPage.objects.live())
            .filter(topic__in=topics)
            .only("title", "url_path", "path", "topic_id")
        }
    context = {
        "page": index_page,
        "self": index_page,
        "biobank": biobank,
        "collections": data["collections"],
        "biobank_marks": data["biobank_marks"],
        "last_synced": data["last_synced"],
        "topic_links": [topic_pages.get(t.pk) or t for t in topics],
        "working_groups": groups,
        "partnership_listings": listings,
        "negotiator_url": NEGOTIATOR_URL,
        "can_contact": bool(biobank.contact_email) and not biobank.withdrawn,
        "json_ld": mark_safe(  # noqa: S308 - JSON with <, > and & escaped
            json.dumps(
                json_ld(request, index_page, data), cls=DjangoJSONEncoder, ensure_ascii=False
            ).translate(JSON_ESCAPES)
        ),
        "page_title": biobank.name,
    }
    return TemplateResponse(request, "community/biobanks/biobank_profile.html", context)
