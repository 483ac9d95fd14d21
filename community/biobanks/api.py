"""The JSON API of /biobanks/: ``api/`` (the search's results, paginated) and ``api/<slug>/``.

The list takes the same parameters as the search page (``community.biobanks.search``); a profile
is read through the same cached loader as its HTML page (``community.biobanks.profile``).
"""

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse

from community.biobanks.models import Biobank
from community.biobanks.profile import load_profile
from community.biobanks.search import in_order, query_string, run_search
from hub.base_url import absolute

PER_PAGE = 100


def api_list(request, index_page) -> JsonResponse:
    found = run_search(request)
    params = found.params
    paginator = Paginator(found.pks, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    biobanks = in_order(Biobank.objects.select_related("country"), page_obj.object_list)
    data = {
        "count": paginator.count,
        "page": page_obj.number,
        "pages": paginator.num_pages,
        "next": (
            absolute(f"{request.path}?{query_string(params)}&page={page_obj.next_page_number()}")
            if page_obj.has_next()
            else None
        ),
        "results": [_summary(request, index_page, b) for b in biobanks],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def api_detail(request, index_page, slug) -> JsonResponse:
    profile_data = load_profile(slug)
    biobank = profile_data["biobank"]
    data = _summary(request, index_page, biobank)
    data.update(
        {
            "description": biobank.description,
            "local_introduction": biobank.local_introduction,
            "website": biobank.url,
            "location": biobank.location,
            "juridical_person": biobank.juridical_person,
            "networks": biobank.networks,
            "notified_biobank": biobank.notified_biobank,
            "quality": _marks(profile_data["biobank_marks"]),
            "collections": [_collection(item) for item in profile_data["collections"]],
            "last_synced": profile_data["last_synced"],
        }
    )
    return JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


def _summary(request, index_page, biobank) -> dict:
    return {
        "id": biobank.catalogue_id,
        "name": biobank.name,
        "acronym": biobank.acronym,
        "country": biobank.country.code if biobank.country_id else None,
        "collections": biobank.collection_count,
        "withdrawn": biobank.withdrawn,
        "url": absolute(f"{index_page.url}{biobank.slug}/"),
        "api_url": absolute(f"{index_page.url}api/{biobank.slug}/"),
        "directory_url": biobank.directory_url,
    }


def _marks(marks) -> list[dict]:
    return [
        {"standard": m.standard.code, "level": m.level.code if m.level_id else None} for m in marks
    ]


def _collection(item) -> dict:
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
        "quality": _marks(item["marks"]),
    }
