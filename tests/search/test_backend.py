"""The whoosh backend in the hub: live updates, language handling, the extras, fallback."""

import logging
import os
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page

from hub.search import extras
from hub.search.store import CURRENT

pytestmark = pytest.mark.django_db


def titles(results):
    return sorted(page.title for page in results)


def test_pages_of_the_demo_tree_are_found(search_backend, site_tree):
    results = Page.objects.live().search("biobank community")
    assert "Biobank Community Hub" in titles(results)
    assert "About" in titles(Page.objects.live().search("BBMRI"))  # intro text of /about/


def test_rebuild_indexes_existing_pages(site_tree, search_backend):
    # site_tree was built before the backend was configured: update_index picked it up.
    assert "About" in titles(Page.objects.live().search("national node"))


def test_publish_unpublish_delete(search_backend, make_page):
    page = make_page("Biobank of Utrecht", "utrecht", intro="Samples from the Domstad region.")
    assert titles(Page.objects.live().search("domstad")) == ["Biobank of Utrecht"]

    page.title = "Utrecht Biobank"
    page.save_revision().publish()
    assert titles(Page.objects.live().search("domstad")) == ["Utrecht Biobank"]

    page.unpublish()
    assert titles(Page.objects.live().search("domstad")) == []
    assert titles(Page.objects.search("domstad")) == ["Utrecht Biobank"]  # admin still finds it

    Page.objects.get(pk=page.pk).delete()
    assert titles(Page.objects.search("domstad")) == []


def test_draft_changes_are_not_searchable_until_published(search_backend, make_page):
    make_page("Draft only", "draft", intro="Unpublished words: zanzibar.", publish=False)
    assert titles(Page.objects.live().search("zanzibar")) == []
    assert titles(Page.objects.search("zanzibar")) == ["Draft only"]


def test_accents_and_stemming(search_backend, make_page):
    make_page("Biothèque de l'Université de Liège", "liege", intro="Échantillons de sérum.")
    make_page("Biobanks in Gent", "gent", intro="Collections of zebrafish tissues.")
    for query in ("liege", "Liège", "LIEGE", "biotheque", "universite", "echantillon serum"):
        assert titles(Page.objects.live().search(query)) == [
            "Biothèque de l'Université de Liège"
        ], query
    assert titles(Page.objects.live().search("biobank zebrafish tissue")) == ["Biobanks in Gent"]
    assert "Biobanks in Gent" in titles(Page.objects.live().search("collection"))


def test_autocomplete(search_backend, make_page):
    make_page("Biothèque de Liège", "liege")
    assert titles(Page.objects.live().autocomplete("biot")) == ["Biothèque de Liège"]
    assert titles(Page.objects.live().autocomplete("lie")) == ["Biothèque de Liège"]


def test_facets_and_filters(search_backend, make_page):
    from django.contrib.contenttypes.models import ContentType

    from home.models import StandardPage

    make_page("Cohort one", "cohort-one", intro="A quagga study.")
    make_page("Cohort two", "cohort-two", intro="Another quagga study.")
    results = Page.objects.live().search("quagga")
    standard = ContentType.objects.get_for_model(StandardPage).pk
    assert results.facet("content_type_id") == {standard: 2}
    assert results.count() == 2
    assert titles(Page.objects.live().type(StandardPage).search("quagga")) == [
        "Cohort one",
        "Cohort two",
    ]
    ordered = Page.objects.live().order_by("-title").search("quagga", order_by_relevance=False)
    assert [p.title for p in ordered] == ["Cohort two", "Cohort one"]


def test_fuzzy_search_finds_a_misspelling(search_backend, make_page):
    make_page("Regional biobank", "regional", intro="Quokkology samples of the region.")
    assert titles(Page.objects.live().search("quokology")) == []
    outcome = extras.search("quokology", Page.objects.live())
    assert outcome.fuzzy
    assert titles(outcome.results) == ["Regional biobank"]
    assert outcome.suggestion == "quokkology"
    # An exact match is not replaced by fuzzy results.
    exact = extras.search("quokkology", Page.objects.live())
    assert not exact.fuzzy and exact.suggestion is None
    assert titles(exact.results) == ["Regional biobank"]


def test_suggest_uses_the_index_vocabulary(search_backend, make_page):
    make_page("Biothèque de Liège", "liege", intro="Biobank samples of serum and plasma.")
    assert extras.suggest("plasmo", [Page.objects.live()]) == "plasma"
    assert extras.suggest("biobnak samples", [Page.objects.live()]) == "biobank samples"
    # Known words (accents ignored): no advice.
    assert extras.suggest("liege serum", [Page.objects.live()]) is None
    assert extras.suggest("qwxzz", [Page.objects.live()]) is None  # nothing close
    outcome = extras.search("serun", Page.objects.live())
    assert outcome.suggestion == "serum"


def test_snippets_highlight_escaped(search_backend, make_page):
    page = make_page(
        "Liège",
        "liege",
        intro="R&D <script>alert('x')</script> at the biobank of Liège, 1 < 2.",
        body=[{"type": "paragraph", "value": "<p>Our <b>biobanks</b> store serum.</p>"}],
    )
    [intro] = extras.highlight([page], "liege biobanks", field="intro")
    assert "<mark>Liège</mark>" in intro and "<mark>biobank</mark>" in intro
    assert "&lt;script&gt;" in intro and "R&amp;D" in intro and "1 &lt; 2" in intro
    assert set(__import__("re").findall(r"</?[a-z]+[^>]*>", intro)) <= {"<mark>", "</mark>"}
    body = extras.snippet(page, "serum", "body")
    assert body == "Our biobanks store <mark>serum</mark>."
    # No match in the field: the start of the text, escaped, without marks.
    assert extras.snippet(page, "plasma", "body") == "Our biobanks store serum."
    fuzzy = extras.highlight([page], "serun", field="body", fuzzy=True)
    assert "<mark>serum</mark>" in fuzzy[0]
    # Several fields: the first that matches.
    assert extras.snippet(page, "liege", ("body", "intro")).count("<mark>") == 1
    assert extras.snippet(page, "nothing", ("body", "intro")) == "Our biobanks store serum."


def _corrupt(index_dir: Path):
    """Replace every file of the live generation with garbage (as a broken disk would)."""
    generation = index_dir / (index_dir / CURRENT).read_text().strip()
    for path in generation.iterdir():
        tmp = path.with_name(path.name + ".garbage")
        tmp.write_bytes(os.urandom(64))
        os.replace(tmp, path)


def test_corrupt_index_falls_back_then_update_index_repairs(
    search_backend, make_page, caplog, settings
):
    from hub.search.store import reset_stores

    make_page("Serum biothèque de Liège", "liege", intro="Serum samples.")
    index_dir = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    _corrupt(index_dir)
    reset_stores()  # as a freshly started worker would

    with caplog.at_level(logging.WARNING, logger="hub.search"):
        # The database fallback answers (it only sees the fields of the model searched: title).
        results = Page.objects.live().search("serum")
        assert titles(results) == ["Serum biothèque de Liège"]
        assert results.count() == 1
    assert any("update_index" in r.getMessage() for r in caplog.records)

    # Saving a page while the index is broken does not fail either.
    page = make_page("Another page", "another", intro="Plasma.")
    assert page.pk

    call_command("update_index", stdout=StringIO())
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        assert titles(Page.objects.live().search("plasma")) == ["Another page"]
        assert titles(Page.objects.live().search("liege")) == ["Serum biothèque de Liège"]
    assert not caplog.records  # the index answers again


def test_missing_index_falls_back(search_backend, make_page, settings, caplog):
    import shutil

    from hub.search.store import reset_stores

    make_page("Serum biothèque de Liège", "liege", intro="Serum samples.")
    shutil.rmtree(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    reset_stores()
    with caplog.at_level(logging.WARNING, logger="hub.search"):
        assert titles(Page.objects.live().search("serum")) == ["Serum biothèque de Liège"]
        assert extras.suggest("serun", [Page.objects.live()]) is None
    assert any("update_index" in r.getMessage() for r in caplog.records)


def test_ranked_keys_come_from_the_index_in_rank_order_and_survive_a_missing_index(
    search_backend, make_page, settings, django_assert_num_queries
):
    import shutil

    from hub.search.store import reset_stores

    weak = make_page("Plasma notes", "weak", intro="Plasma mentioned once.")
    strong = make_page("Plasma plasma", "strong", intro="Plasma, plasma and more plasma.")
    make_page("Serum only", "serum", intro="Serum.")
    by_objects = [page.pk for page in Page.objects.live().search("plasma")]
    with django_assert_num_queries(0):
        keys = extras.ranked_pks("plasma", Page.objects.live())
    assert keys == by_objects and keys[0] == strong.pk and set(keys) == {weak.pk, strong.pk}
    assert extras.ranked_pks("plasma", Page.objects.live(), limit=1) == [strong.pk]

    shutil.rmtree(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    reset_stores()
    assert set(extras.ranked_pks("plasma", Page.objects.live())) == {weak.pk, strong.pk}


def test_concurrent_writers_lose_no_update(search_backend, make_page):
    """4 threads × 25 saves, each thread with its own writer: every update is searchable."""
    from home.models import StandardPage

    pages = [make_page(f"Page {i}", f"page-{i}") for i in range(4)]
    errors = []

    def worker(page, n):
        try:
            for i in range(25):
                page.intro = f"marker{n}x{i} sharedmarker"
                search_backend.add(page)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p, n)) for n, p in enumerate(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # Each page's last update is the one in the index, none lost, none duplicated.
    for n in range(4):
        results = search_backend.search(f"marker{n}x24", StandardPage)
        assert results.count() == 1, n
        assert search_backend.search(f"marker{n}x23", StandardPage).count() == 0
    assert search_backend.search("sharedmarker", StandardPage).count() == 4


def _process_writer(path, page, n, queue):
    """Child process body: 25 index updates through a fresh store (separate locks/files)."""
    try:
        from hub.search.backend import SearchBackend
        from hub.search.store import reset_stores

        reset_stores()
        backend = SearchBackend({"PATH": path, "WRITE_TIMEOUT": 30})
        for i in range(25):
            page.intro = f"proc{n}y{i}"
            backend.add(page)
        queue.put(None)
    except BaseException as exc:  # noqa: BLE001
        queue.put(repr(exc))


def test_concurrent_processes_lose_no_update(search_backend, make_page, settings):
    import multiprocessing

    from home.models import StandardPage

    pages = [make_page(f"Process page {i}", f"proc-{i}") for i in range(4)]
    path = settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_process_writer, args=(path, page, n, queue))
        for n, page in enumerate(pages)
    ]
    for proc in procs:
        proc.start()
    outcomes = [queue.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert outcomes == [None] * 4
    for n in range(4):
        assert search_backend.search(f"proc{n}y24", StandardPage).count() == 1, n
        assert search_backend.search(f"proc{n}y0", StandardPage).count() == 0


def test_rebuild_swaps_atomically_and_keeps_updates_made_meanwhile(search_backend, make_page):
    from home.models import StandardPage
    from hub.search.rebuild import Build

    store = search_backend.store
    page = make_page("Alpha", "alpha", intro="original wording")
    before = store.current_generation()

    build = Build(store)  # what update_index does first: a new, empty generation
    assert store.current_generation() == before
    assert titles(Page.objects.live().search("original")) == ["Alpha"]  # old index answers

    build.add(StandardPage, [StandardPage.objects.get(pk=page.pk)])  # indexed as it is now…
    page.intro = "revised wording"  # …then edited while the rebuild still runs
    page.save_revision().publish()
    assert titles(Page.objects.live().search("revised")) == ["Alpha"]  # live index updated
    assert store.current_generation() == before  # the half-built one is never read

    build.finish()
    assert store.current_generation() == build.name
    # The journaled edit was replayed over the rebuild's stale copy.
    assert titles(Page.objects.live().search("revised")) == ["Alpha"]
    assert titles(Page.objects.live().search("original")) == []
    assert store.generations() == [build.name]  # the previous one is removed from disk


def test_aborted_rebuild_leaves_the_live_index_alone(search_backend, make_page):
    from hub.search.rebuild import Build

    store = search_backend.store
    make_page("Beta", "beta", intro="steady wording")
    before = store.current_generation()
    build = Build(store)
    build.abort()
    assert store.current_generation() == before
    assert build.name not in store.generations()
    assert store._active_rebuild() is None
    make_page("Gamma", "gamma", intro="steady wording")
    assert titles(Page.objects.live().search("steady")) == ["Beta", "Gamma"]


def test_update_index_leaves_only_what_the_live_index_reads(search_backend, make_page, settings):
    from whoosh.index import _DEF_INDEX_NAME

    from hub.search.rebuild import Build

    index_dir = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    store = search_backend.store
    for n in range(3):  # live updates between rebuilds leave segments and tables of contents
        make_page(f"Delta {n}", f"delta-{n}", intro="spare wording")
        call_command("update_index", stdout=StringIO())
    crashed = Build(store)  # a rebuild killed half-way leaves its generation and marker
    crashed._release()
    crashed.finished = True
    make_page("Epsilon", "epsilon", intro="spare wording")
    call_command("update_index", stdout=StringIO())

    live = store.current_generation()
    assert store.generations() == [live]
    assert {p.name for p in index_dir.iterdir() if not p.name.startswith(".")} == {CURRENT, live}
    toc = store._open_index(live)._read_toc()
    # whoosh's own write lock, the latest table of contents, and the segments it lists.
    needed = {f"{_DEF_INDEX_NAME}_WRITELOCK", f"_{_DEF_INDEX_NAME}_{toc.generation}.toc"}
    for segment in toc.segments:
        needed |= {
            name
            for name in os.listdir(index_dir / live)
            if name.startswith(f"{segment.segment_id()}.")
        }
    assert set(os.listdir(index_dir / live)) == needed
    assert titles(Page.objects.live().search("spare")) == [
        "Delta 0",
        "Delta 1",
        "Delta 2",
        "Epsilon",
    ]
