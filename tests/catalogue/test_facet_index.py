"""The facet bitsets agree with the database, and a sync or an edited profile refreshes them."""

import itertools

import pytest

from community.biobanks import facets as facet_index
from community.biobanks.catalogue import sync
from community.models import Biobank
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
    return set(queryset.values_list("slug", flat=True))


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
    ]
    for params in choices:
        assert {slug_of[pk] for pk in index.pks_in(index.mask(params))} == by_sql(params)
        counts = index.counts(params)
        for param, values in counts.items():
            if param == "commercial":
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
