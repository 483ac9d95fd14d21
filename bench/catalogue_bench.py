"""Catalogue benchmark: sync a synthetic Directory export, then time /biobanks/ searches.

What it does (each step in a child process, so that peak RSS is the step's own)
    1. generates a synthetic EMX2 export (``--biobanks`` 10,000 biobanks, 3 collections each,
       term lists included) in a temporary directory;
    2. migrates a fresh SQLite database there and creates an empty whoosh index;
    3. ``full sync``: ``community.biobanks.catalogue.sync`` of the export into the empty database
       (time, peak RSS, search index update included);
    4. ``unchanged re-sync``: the same export again (time, peak RSS, number of INSERT/UPDATE/
       DELETE statements: only the sync history row is expected);
    5. ``/biobanks/`` searches through Django's test client with the whoosh backend, like a
       reader would (facets with counts, first page of results): p50/p95 latency and the
       number of SQL queries of each kind of request.

Run (from the repository root)::

    .venv/bin/python bench/catalogue_bench.py                       # 10,000 / 30,000
    .venv/bin/python bench/catalogue_bench.py --biobanks 1000 --requests 50   # quick

Options: ``--biobanks`` (10000), ``--collections-per-biobank`` (3), ``--requests`` per kind
(200), ``--seed``, ``--keep`` (keep the temporary directory and print it).
"""

# ruff: noqa: S311, S603 - a benchmark: synthetic data, our own interpreter in subprocesses

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django

# The export generator lives in the catalogue package, whose import loads models: set Django up
# (the steps below run in child processes with their own database).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
django.setup()

from community.biobanks.catalogue.synthetic import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from community.biobanks.catalogue import sync

step, source = sys.argv[1], sys.argv[2]
if step in ("full", "resync"):
    start = time.perf_counter()
    if step == "resync":
        with CaptureQueriesContext(connection) as queries:
            report = sync(source, source_key="bench")
        writes = sum(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                     for q in queries.captured_queries)
    else:
        report = sync(source, source_key="bench")
        writes = None
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss, "writes": writes,
                      "summary": report.summary()}))
else:
    import random, statistics
    from django.test import Client
    from wagtail.models import Page, Site
    from community.models import BiobankIndexPage
    from home.models import HomePage
    if not BiobankIndexPage.objects.exists():
        root = Page.get_first_root_node()
        home = HomePage(title="Hub", slug="hub-home")
        root.add_child(instance=home)
        Site.objects.update_or_create(is_default_site=True, defaults={
            "hostname": "localhost", "port": 80, "root_page": home})
        index = BiobankIndexPage(title="Biobanks", slug="biobanks")
        home.add_child(instance=index)
        index.save_revision().publish()
    rng = random.Random(1)
    kinds = {
        "no filter": lambda: "",
        "one facet": lambda: f"material={rng.choice(['DNA', 'SERUM', 'PLASMA', 'RNA'])}",
        "three facets": lambda: (f"material=DNA&country={rng.choice(['NL', 'BE', 'DE'])}"
                                 f"&chapter={rng.choice(['II', 'IX', 'IV'])}"),
        "text": lambda: f"q={rng.choice(['kidney', 'tumour', 'diabetes', 'rare'])}",
        "text + facets": lambda: f"q={rng.choice(['heart', 'cancer'])}&material=DNA&country=NL",
        # Synonyms and ICD-10 chapters: words no label of the synthetic term lists holds.
        "text + three facets": lambda: (
            f"q={rng.choice(['heart+attack', 'brain', 'kidney+failure', 'neoplasm'])}"
            f"&material=DNA&country={rng.choice(['NL', 'BE', 'DE'])}"
            f"&sex={rng.choice(['FEMALE', 'MALE'])}"),
        "profile": None,
    }
    client = Client(HTTP_HOST="localhost")
    client.get("/biobanks/")
    n = int(sys.argv[3])
    from community.biobanks import facets as facet_index

    builds = []
    for _ in range(5):
        start = time.perf_counter()
        facet_index.build()
        builds.append((time.perf_counter() - start) * 1000)

    def timed(function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                search_ms.append((time.perf_counter() - start) * 1000)
        return wrapper

    search_ms = []
    facet_index.FacetIndex.counts = timed(facet_index.FacetIndex.counts)
    from django.core.cache import cache

    out = {}
    for (kind, make), cold in [(item, cold) for cold in (True, False) for item in kinds.items()]:
        times, counts = [], []
        for _ in range(n):
            if cold:  # every cache emptied but the facet index (built once per sync)
                stored = cache.get(facet_index.stored_key())
                cache.clear()
                cache.set(facet_index.stored_key(), stored, None)
            url = f"/biobanks/?{make()}" if make else ""
            if make is None:
                from community.models import Biobank
                slug = Biobank.objects.order_by("?").values_list("slug", flat=True).first()
                url = f"/biobanks/{slug}/"
            connection.queries_log.clear()  # a full log (9,000) would hide new queries
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(queries.captured_queries))
        times.sort()
        facets = sorted(search_ms) or [0]
        search_ms.clear()
        out[f"{kind} ({'cold' if cold else 'warm'})"] = {
                     "p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
                     "facets_p95": facets[int(0.95 * (len(facets) - 1))],
                     "queries": max(counts)}
    out["facet index build ms (median of 5)"] = statistics.median(builds)
    print(json.dumps(out))
"""


def child(env, *args):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, args)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"step {args[0]} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--biobanks", type=int, default=10000)
    parser.add_argument("--collections-per-biobank", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="catalogue-bench-"))
    try:
        export = work / "export"
        generate(export, args.biobanks, args.collections_per_biobank, args.seed)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
            "HUB_VAR_DIR": str(work),
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
            "ALLOWED_HOSTS": "testserver,localhost",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=REPO, check=True)
        subprocess.run(
            [*manage, "update_index"], env=env, cwd=REPO, check=True, capture_output=True
        )
        results = {
            "biobanks": args.biobanks,
            "collections": args.biobanks * args.collections_per_biobank,
            "full sync": child(env, "full", export),
            "unchanged re-sync": child(env, "resync", export),
            "search": child(env, "search", export, args.requests),
        }
        print(json.dumps(results, indent=2))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
