"""Catalogue benchmark: sync a synthetic Directory export, then time /biobanks/ searches.

What it does (each step in a child process, so that peak RSS is the step's own)
    1. generates a synthetic EMX2 export (``--biobanks`` 10,000 biobanks, 3 collections each,
       term lists included) in a temporary directory;
    2. migrates a fresh SQLite database there and creates an empty whoosh index;
    3. ``full sync``: ``community.catalogue.sync`` of the export into the empty database
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
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO_ONTOLOGIES = REPO / "community" / "catalogue" / "demo" / "ontologies"
WORDS = [
    "cohort",
    "heart",
    "kidney",
    "liver",
    "lung",
    "colon",
    "breast",
    "brain",
    "blood",
    "tumour",
    "rare",
    "paediatric",
    "diabetes",
    "transplant",
    "infection",
    "ageing",
    "twin",
    "birth",
    "cancer",
    "neuro",
    "immune",
    "skin",
    "bone",
    "population",
    "hospital",
    "clinical",
    "regional",
    "national",
    "university",
]
CITIES = [
    "Amsterdam",
    "Utrecht",
    "Leiden",
    "Groningen",
    "Ghent",
    "Leuven",
    "Antwerp",
    "Liège",
    "Brussels",
    "Nijmegen",
    "Maastricht",
    "Rotterdam",
    "Hasselt",
    "Graz",
]
COUNTRIES = ["NL", "BE", "DE", "FR", "LU"]


def codes(name):
    with (DEMO_ONTOLOGIES / f"{name}.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def generate(folder: Path, biobanks: int, per_biobank: int, seed: int):
    rng = random.Random(seed)
    (folder / "ontologies").mkdir(parents=True)
    for path in DEMO_ONTOLOGIES.glob("*.csv"):
        if path.name != "DiseaseTypes.csv":
            shutil.copy(path, folder / "ontologies" / path.name)
    diseases = [
        f"urn:miriam:icd:{letter}{number:02d}"
        for letter in "ABCDEFGIJKMNQ"
        for number in range(100)
    ]
    with (folder / "ontologies" / "DiseaseTypes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "order",
                "name",
                "label",
                "parent",
                "codesystem",
                "code",
                "ontologyTermURI",
                "definition",
            ]
        )
        for code in diseases:
            short = code.rsplit(":", 1)[-1]
            writer.writerow(
                ["", code, f"Disease {short} {rng.choice(WORDS)}", "", "ICD-10", short, "", ""]
            )
    materials, types, categories = (
        codes("MaterialTypes"),
        codes("CollectionTypes"),
        codes("DataCategories"),
    )
    sexes, temperatures, standards = (
        codes("SexTypes"),
        codes("StorageTemperatureTypes"),
        codes("QualityStandards"),
    )
    with (
        (folder / "Biobanks.csv").open("w", newline="") as bb,
        (folder / "Collections.csv").open("w", newline="") as cc,
        (folder / "QualityInfoBiobanks.csv").open("w", newline="") as qq,
    ):
        b, c, q = csv.writer(bb), csv.writer(cc), csv.writer(qq)
        b.writerow(
            [
                "id",
                "pid",
                "name",
                "acronym",
                "description",
                "url",
                "location",
                "country",
                "latitude",
                "longitude",
                "juridical_person",
                "network",
                "collaboration_commercial",
                "collaboration_non_for_profit",
                "withdrawn",
            ]
        )
        c.writerow(
            [
                "id",
                "name",
                "acronym",
                "description",
                "country",
                "biobank",
                "parent_collection",
                "type",
                "data_categories",
                "order_of_magnitude",
                "size",
                "number_of_donors",
                "sex",
                "diagnosis_available",
                "age_low",
                "age_high",
                "age_unit",
                "materials",
                "storage_temperatures",
                "collaboration_commercial",
                "collaboration_non_for_profit",
                "commercial_use",
                "access_fee",
                "access_joint_project",
                "access_description",
                "access_uri",
                "withdrawn",
            ]
        )
        q.writerow(["id", "biobank", "quality_standard", "assess_level_bio"])
        for n in range(biobanks):
            country = rng.choice(COUNTRIES)
            bid = f"bbmri-eric:ID:{country}_bench{n}"
            words = rng.sample(WORDS, 3)
            b.writerow(
                [
                    bid,
                    f"pid{n}",
                    f"{words[0].title()} {words[1]} biobank {n}",
                    f"B{n}",
                    f"A synthetic biobank about {' and '.join(words)}.\nSecond line.",
                    "",
                    rng.choice(CITIES),
                    country,
                    "",
                    "",
                    f"Institute {n % 500}",
                    "",
                    rng.random() < 0.3,
                    True,
                    False,
                ]
            )
            if rng.random() < 0.2:
                q.writerow([f"q{n}", bid, rng.choice(standards), "accredited"])
            for k in range(per_biobank):
                cw = rng.sample(WORDS, 2)
                c.writerow(
                    [
                        f"{bid}:collection:{k}",
                        f"{cw[0].title()} {cw[1]} collection {n}.{k}",
                        "",
                        f"Samples of {cw[0]} {cw[1]} patients.",
                        country,
                        bid,
                        "",
                        ",".join(rng.sample(types, rng.randint(1, 2))),
                        ",".join(rng.sample(categories, rng.randint(1, 3))),
                        rng.randint(0, 5),
                        rng.randint(10, 100000),
                        rng.randint(10, 50000),
                        ",".join(rng.sample(sexes[:2], rng.randint(1, 2))),
                        ",".join(rng.sample(diseases, rng.randint(0, 4))),
                        18,
                        90,
                        "YEAR",
                        ",".join(rng.sample(materials, rng.randint(1, 4))),
                        ",".join(rng.sample(temperatures, 1)),
                        False,
                        True,
                        rng.random() < 0.2,
                        "samples",
                        "data",
                        "Ask us.",
                        "",
                        False,
                    ]
                )


CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from community.catalogue import sync

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
        "profile": None,
    }
    client = Client(HTTP_HOST="localhost")
    client.get("/biobanks/")
    n = int(sys.argv[3])
    from community import facet_index
    from community.models.biobanks import FACET_VERSION_KEY

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
            if cold:  # every cache emptied but the facet index's version (built once per sync)
                version = cache.get(FACET_VERSION_KEY)
                cache.clear()
                cache.set(FACET_VERSION_KEY, version, None)
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
