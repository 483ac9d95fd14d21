"""The facet bitsets agree with the database, and a sync or an edited profile refreshes them."""

import itertools

import pytest
from django.db.models import Q

from community.biobanks import facets as facet_index
from community.biobanks.catalogue import sync
from community.models import Biobank, Collection
from tests.catalogue.conftest import rewrite
from tests.catalogue.test_pages import INDEX, facet, html, listed

pytestmark = pytest.mark.django_db


def by_sql(params) -> set[str]:
    """Slugs of the listed biobanks matching `params`, straight from the ORM."""
    queryset = Biobank.objects.filter(withdrawn=False)
    lookups = {
        "country": "country__code__in",
        "type": "facet_collection_types__code__in",
        "material": "facet_materials__code__in",
        "category": "facet_data_categories__code__in",
        "chapter": "facet_diseases__chapter__in",
        "disease": "facet_diseases__code__in",
        "quality": "facet_quality_standards__code__in",
    }
    for param, lookup in lookups.items():
        if params.get(param):
            queryset = queryset.filter(
                pk__in=Biobank.objects.filter(**{lookup: params[param]}).values("pk")
            )
    if params.get("commercial"):
        queryset = queryset.filter(commercial_use=True)
    if params.get("notified"):
        queryset = queryset.filter(notified_biobank=True)
    for param in ("sex", "age", "samples", "donors", "access"):
        if params.get(param):
            having = Q()
            for code in params[param]:
                having |= collection_filter(param, code)
            queryset = queryset.filter(
                pk__in=Collection.objects.filter(having, withdrawn=False).values("biobank")
            )
    return set(queryset.values_list("slug", flat=True))


SIZES = {  # code -> (from, to, orders of magnitude)
    "0-99": (0, 100, ["0", "1"]),
    "100-999": (100, 1000, ["2"]),
    "1000-9999": (1000, 10000, ["3"]),
    "10000-99999": (10000, 100000, ["4"]),
    "100000-": (100000, None, ["5", "6", "7", "8", "9"]),
}
AGES = {"children": (0, 17), "adults": (18, 64), "older": (65, None)}


def collection_filter(param, code) -> Q:
    """The collections with `code` of `param` (the collection facets), as a Q of Collection."""
    if param == "sex":
        return Q(sex__code=code)
    if param == "access":
        return Q(**{f"access_{'fee' if code == 'fee' else 'joint_project'}__isnull": False})
    if param == "age":
        start, end = AGES[code]
        known = ~Q(age_low__isnull=True, age_high__isnull=True)
        years = Q(age_unit__isnull=True) | Q(age_unit__code="YEAR")
        overlap = Q(age_high__isnull=True) | Q(age_high__gte=start)
        if end is not None:
            overlap &= Q(age_low__isnull=True) | Q(age_low__lte=end)
        return known & years & overlap
    number, magnitude = {
        "samples": ("size", "order_of_magnitude"),
        "donors": ("number_of_donors", "order_of_magnitude_donors"),
    }[param]
    low, high, orders = SIZES[code]
    exact = Q(**{f"{number}__gte": low})
    if high is not None:
        exact &= Q(**{f"{number}__lt": high})
    return exact | Q(**{f"{number}__isnull": True, f"{magnitude}__code__in": orders})


def test_every_count_and_result_matches_the_database(demo_catalogue):
    index = facet_index.current()
    slug_of = dict(Biobank.objects.values_list("pk", "slug"))
    choices = [
        {},
        {"material": ["DNA"]},
        {"material": ["DNA", "FECES"], "type": ["RD"]},
        {"chapter": ["II"], "commercial": True},
        {"chapter": ["II"], "disease": ["urn:miriam:icd:C50"], "country": ["BE"]},
        {"quality": ["ISO-20387-2018"], "material": ["PLASMA"]},
        {"material": ["NO-SUCH-CODE"]},
        {"age": ["children", "older"], "samples": ["1000-9999"]},
        {"donors": ["0-99", "100000-"], "access": ["fee"], "sex": ["FEMALE"]},
        {"access": ["joint"], "notified": True},
    ]
    for params in choices:
        assert {slug_of[pk] for pk in index.pks_in(index.mask(params))} == by_sql(params)
        counts = index.counts(params)
        for param, values in counts.items():
            if param in ("commercial", "notified"):
                continue
            for code, _label, number in values:
                # A facet's count ignores its own selection: the result if it were the only one.
                alone = {**params, param: [code]}
                assert number == len(by_sql(alone)), (params, param, code)


def test_results_are_in_name_order_and_text_hits_keep_their_rank(demo_catalogue):
    index = facet_index.current()
    names = list(Biobank.objects.filter(pk__in=index.pks).values_list("pk", "name"))
    order = {pk: i for i, pk in enumerate(index.pks)}
    assert [pk for pk, _ in sorted(names, key=lambda row: (row[1], row[0]))] == sorted(
        order, key=order.get
    )
    hits = list(reversed(index.pks))[:4]
    mask = index.mask({}, hits)
    assert [pk for pk in hits if index.has(mask, pk)] == hits
    assert index.has(mask, index.pks[0]) is (index.pks[0] in hits)


def test_a_sync_that_changes_materials_changes_the_counts(
    client, biobank_index, small, django_capture_on_commit_callbacks
):
    sync(str(small), source_key="small")
    before = facet(html(client.get(INDEX)), "material")

    def add_feces(rows):
        for row in rows:
            row["materials"] = ",".join(filter(None, [row.get("materials", ""), "FECES"]))

    rewrite(small / "Collections.csv", add_feces)
    with django_capture_on_commit_callbacks(execute=True):  # the sync renews the version
        sync(str(small), source_key="small")
    after = facet(html(client.get(INDEX)), "material")
    assert after.get("FECES", 0) == len(listed(client)) > before.get("FECES", 0)


def test_a_biobank_saved_outside_the_sync_is_seen_at_once(client, demo_catalogue):
    first = listed(client)
    biobank = Biobank.objects.get(slug=first[0])
    biobank.withdrawn = True
    biobank.save()
    assert first[0] not in listed(client)
    Biobank.objects.filter(pk=biobank.pk).delete()
    assert len(listed(client)) == len(first) - 1


def test_counting_costs_no_query_once_built(client, demo_catalogue, django_assert_num_queries):
    client.get(INDEX)
    choices = {"material": ["DNA"], "type": ["RD"], "chapter": ["II"], "commercial": True}
    from hub.cache import scope

    with scope(), django_assert_num_queries(0):  # in a request: its generation read first
        for pair in itertools.combinations(choices, 2):
            facet_index.current().counts({param: choices[param] for param in pair})


def test_the_sync_builds_the_index_once_for_every_process(
    small,
    biobank_index,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
    monkeypatch,
):
    real_build = facet_index.build
    with django_capture_on_commit_callbacks(execute=True):
        sync(str(small), source_key="small")
    # Another process (a gunicorn worker just started, another host) has nothing in memory:
    # it loads the index the sync built from the shared cache, with no query and no rebuild.
    monkeypatch.setattr(facet_index, "_built", None)
    monkeypatch.setattr(facet_index, "build", lambda: pytest.fail("rebuilt in another process"))
    from hub.cache import scope

    with scope(), django_assert_num_queries(0):
        loaded = facet_index.current()
    fresh = real_build()
    assert loaded.pks == fresh.pks and len(loaded.pks) > 1
    assert loaded.counts({"material": ["DNA"]}) == fresh.counts({"material": ["DNA"]})
    assert loaded.pks_in(loaded.mask({})) == loaded.pks
