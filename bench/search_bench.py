"""Search benchmark: the whoosh backend (hub.search.backend) against Wagtail's database backend.

What it does
    Builds a corpus of biobank-like records (collections: title, description, material type)
    plus "pages" (longer texts naming a city) in modelsearch's test app
    (``modelsearch.test.testapp``: records are ``ProgrammingGuide`` rows whose
    ``programming_language`` holds the material type, pages are ``Novel`` rows whose ``setting``
    holds the city; both are ``Book`` subclasses), then for each leg measures:

    * the full index build (``rebuild_modelsearch_index``) time and the index size on disk;
    * p50/p95 latency of N queries of each kind, each query doing what a search page does:
      the first page of 10 results plus the total count (Paginator), and for "facet counts" also
      ``facet("programming_language")``:
        single term · two terms · phrase · misspelling · with one facet filter · facet counts.

Legs
    ``whoosh``    hub.search.backend, objects fetched from SQLite (normal operation: each worker
                  caches term sets and scores until the index changes, so repeated terms are
                  cheaper)
    ``whoosh-cold``  the same index with those caches emptied before every query
    ``sqlite``    modelsearch.backends.database on SQLite (FTS5)
    ``postgres``  modelsearch.backends.database on PostgreSQL (tsvector), database ``hub_bench``

    For "misspelling" the whoosh leg runs ``hub.search.extras.search`` (exact search, then the
    fuzzy one when nothing matched); the database backends have no fuzzy matching and run the
    plain search (which finds nothing), so their numbers are not comparable for that row.

Run (from the repository root; takes a few minutes)::

    .venv/bin/python bench/search_bench.py
    .venv/bin/python bench/search_bench.py --records 2000 --pages 1000 --queries 50   # quick
    .venv/bin/python bench/search_bench.py --legs whoosh,sqlite                        # no PG

Options: ``--records`` (10000), ``--pages`` (5000), ``--queries`` per kind (200), ``--budget``
seconds per kind and leg (120: a leg that is slower reports the n queries it ran), ``--seed``,
``--legs``, ``--json`` (print raw results as JSON too). PostgreSQL: ``BENCH_PG_URL`` (default
``postgres://postgres@127.0.0.1:5432/hub_bench``); the ``hub_bench`` database is created if
missing and its ``public`` schema is emptied first. Each leg runs in a child process (its own
Django settings); the SQLite database and the index live in a temporary directory.
"""

import argparse
import atexit
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/hub_bench"

QUERY_KINDS = ["single term", "two terms", "phrase", "misspelling", "facet filter", "facet counts"]

MATERIALS = [
    "serum",
    "plasma",
    "dna",
    "rna",
    "tissue",
    "urine",
    "saliva",
    "faeces",
    "csf",
    "buffy-coat",
    "whole-blood",
    "biopsy",
]
CITIES = [
    "Amsterdam",
    "Rotterdam",
    "Utrecht",
    "Groningen",
    "Leiden",
    "Maastricht",
    "Nijmegen",
    "Liège",
    "Gent",
    "Leuven",
    "Bruxelles",
    "Antwerpen",
    "Namur",
    "Mons",
    "Lille",
    "Genève",
    "Tilburg",
    "Eindhoven",
    "Zwolle",
    "Enschede",
]
KINDS = [
    "Biobank",
    "Biothèque",
    "Cohort",
    "Registry",
    "Collection",
    "Tissue bank",
    "Brain bank",
    "Population study",
    "Clinical biobank",
    "Birth cohort",
]
DISEASES = [
    "diabetes",
    "breast cancer",
    "colorectal cancer",
    "Alzheimer's disease",
    "Parkinson's disease",
    "asthma",
    "COPD",
    "rheumatoid arthritis",
    "multiple sclerosis",
    "Crohn's disease",
    "cardiovascular disease",
    "kidney disease",
    "hepatitis",
    "tuberculosis",
    "COVID-19",
    "influenza",
    "depression",
    "schizophrenia",
    "obesity",
    "melanoma",
    "leukaemia",
    "lymphoma",
    "stroke",
    "epilepsy",
    "psoriasis",
    "glaucoma",
    "osteoporosis",
    "sepsis",
    "malaria",
    "HIV",
    "hypertension",
    "migraine",
]
WORDS = """
samples participants longitudinal consent follow-up genotyping sequencing metabolomics
proteomics imaging questionnaire clinical data access governance storage freezer liquid
nitrogen aliquots pathology hospital university medical centre research study patients controls
children adults elderly women men pregnancy birth twins families lifestyle nutrition exercise
smoking alcohol sleep environment exposure air pollution genetics genome exome transcriptome
epigenetics methylation microbiome bacteria virus infection immunity antibodies vaccine
inflammation biomarkers diagnosis prognosis treatment therapy drug response trial outcome
survival mortality incidence prevalence registry linkage records electronic health quality
standard protocol procedure harmonisation catalogue findability interoperability reuse fair
ethics privacy legal agreement material transfer request review committee approval sharing
national international european network infrastructure node platform collaboration consortium
partners industry funding grant sustainability cost recovery retention temperature processing
centrifugation extraction isolation purification concentration volume yield integrity
degradation stability validation accreditation certification iso audit traceability barcode
tracking software laboratory information management system database query metadata ontology
annotation phenotype cohort baseline visit wave recruitment inclusion exclusion criteria age
sex gender ethnicity region population rural urban socioeconomic education income occupation
mental cognitive decline dementia memory brain neurology cardiology oncology nephrology
hepatology gastroenterology pulmonology endocrinology haematology dermatology ophthalmology
paediatrics geriatrics psychiatry primary care general practitioner referral emergency
intensive unit surgery transplant donor organ blood cells platelets stem culture lines organoid
model animal mouse zebrafish experiment assay screening panel array chip mass spectrometry
chromatography microscopy histology staining slides digital scanning artificial intelligence
machine learning algorithm prediction risk score calculator
""".split()  # noqa: SIM905 - a word list, easier to read this way


# --- corpus and queries (deterministic for a seed) ------------------------------------------------


def zipf_choice(rng, items, s=1.1):
    weights = [1.0 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def sentence(rng, n):
    words = [zipf_choice(rng, WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(DISEASES))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(CITIES))
    return " ".join(words).capitalize() + "."


def corpus(seed, records, pages):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    rows = []
    for i in range(records):
        city, kind, disease = rng.choice(CITIES), rng.choice(KINDS), rng.choice(DISEASES)
        material = zipf_choice(rng, MATERIALS, 0.8)
        title = f"{kind} {city} {disease} {material} collection {i}"
        summary = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))
        rows.append(("record", title, summary, material, city))
    for _ in range(pages):
        city = rng.choice(CITIES)
        title = f"{rng.choice(['News', 'Event', 'Training', 'Guide', 'Report'])}: "
        title += " ".join(zipf_choice(rng, WORDS) for _ in range(rng.randint(3, 6)))
        summary = " ".join(sentence(rng, rng.randint(10, 20)) for _ in range(rng.randint(8, 16)))
        rows.append(("page", title, summary, None, city))
    return rows


def misspell(rng, word):
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposition
    return word[:i] + word[i + 1 :]  # deletion


def queries(seed, rows, n):
    """Queries like a catalogue's visitors type: a word of the domain, often a disease, a
    material or a place; pairs of those; phrases taken from the texts; misspelt words."""
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible test data
    topics = [d.split()[0] for d in DISEASES] + CITIES + MATERIALS
    long_words = [w for w in WORDS if len(w) >= 7 and "-" not in w]

    def word():
        return rng.choice(WORDS) if rng.random() < 0.5 else rng.choice(topics)

    out = {kind: [] for kind in QUERY_KINDS}
    for _ in range(n):
        out["single term"].append(word())
        out["two terms"].append(f"{rng.choice(WORDS)} {rng.choice(topics)}")
        words = rng.choice(rows)[2].rstrip(".").lower().split()
        start = rng.randrange(len(words) - 1)
        out["phrase"].append(" ".join(words[start : start + 2]))
        out["misspelling"].append(misspell(rng, rng.choice(long_words)))
        out["facet filter"].append((word(), zipf_choice(rng, MATERIALS, 0.8)))
        out["facet counts"].append(word())
    return out


# --- child process: one database, one or two backends ---------------------------------------------


def setup_django(db, workdir, pg_url):
    import dj_database_url
    import django
    from django.conf import settings

    sys.path.insert(0, str(REPO))
    if db == "postgres":
        database = dj_database_url.parse(pg_url)
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(workdir / "bench.sqlite3")}
    apps = [
        "modelsearch.test.testapp",
        "modelsearch",
        "taggit",
        "django.contrib.contenttypes",
        "django.contrib.auth",
    ]
    if db == "postgres":
        apps.append("django.contrib.postgres")
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",  # noqa: S106
        USE_TZ=True,
        TIME_ZONE="UTC",
        INSTALLED_APPS=apps,
        DATABASES={"default": database},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        MODELSEARCH_BACKENDS={
            "whoosh": {
                "BACKEND": "hub.search.backend",
                "PATH": str(workdir / "index"),
                "AUTO_UPDATE": False,
            },
            "db": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        },
        LOGGING_CONFIG=None,
    )
    django.setup()


def reset_postgres(pg_url):
    import psycopg

    url = pg_url.replace("postgres://", "postgresql://", 1)
    base, _, name = url.rpartition("/")
    if name != "hub_bench":
        raise SystemExit("BENCH_PG_URL must name the database hub_bench")
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE hub_bench")
        conn = psycopg.connect(url, autocommit=True)
    with conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def load_corpus(rows):
    import datetime

    from django.db import connection, transaction
    from modelsearch.test.testapp.models import Book, Novel, ProgrammingGuide

    with transaction.atomic():
        books = [
            Book(
                title=title,
                summary=summary,
                publication_date=datetime.date(2000 + i % 25, 1, 1),
                number_of_pages=100 + i % 900,
            )
            for i, (_kind, title, summary, _material, _city) in enumerate(rows)
        ]
        Book.objects.bulk_create(books, batch_size=1000)
        ids = list(Book.objects.order_by("pk").values_list("pk", flat=True))
        guides = [(pk, row[3]) for pk, row in zip(ids, rows, strict=True) if row[0] == "record"]
        novels = [(pk, row[4]) for pk, row in zip(ids, rows, strict=True) if row[0] == "page"]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ProgrammingGuide._meta.db_table} "  # noqa: S608
                "(book_ptr_id, programming_language) VALUES (%s, %s)",
                guides,
            )
            cursor.executemany(
                f"INSERT INTO {Novel._meta.db_table} (book_ptr_id, setting) VALUES (%s, %s)",  # noqa: S608
                novels,
            )


def index_size(backend_name, db, workdir):
    from django.db import connection

    if backend_name == "whoosh":
        from hub.search.store import get_store

        store = get_store(workdir / "index")
        generation = workdir / "index" / store.current_generation()
        return sum(p.stat().st_size for p in generation.rglob("*") if p.is_file())
    with connection.cursor() as cursor:
        if db == "postgres":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm') "
                "AND c.relname LIKE 'modelsearch_%%'"
            )
            return int(cursor.fetchone()[0])
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'modelsearch_%' "
                "OR name LIKE 'sqlite_autoindex_modelsearch_%'"
            )
            return int(cursor.fetchone()[0] or 0)
        except Exception:  # noqa: BLE001 - no dbstat: nothing better than the file size
            return os.path.getsize(workdir / "bench.sqlite3")


def run_leg(backend_name, db, workdir, qs, warmup, leg, budget, built=None):
    from io import StringIO

    from django.core.management import call_command
    from modelsearch.backends import get_search_backend
    from modelsearch.query import Phrase
    from modelsearch.test.testapp.models import Book, ProgrammingGuide

    from hub.search import extras

    if built is None:
        started = time.perf_counter()
        call_command(
            "rebuild_modelsearch_index", backend_name=backend_name, stdout=StringIO(), verbosity=0
        )
        build = time.perf_counter() - started
        size = index_size(backend_name, db, workdir)
    else:
        build, size = built["build_s"], built["size_bytes"]
    backend = get_search_backend(backend_name)
    cold = leg.endswith("cold")

    def forget():
        """Cold leg: empty the whoosh reader's caches of term sets and scores."""
        if cold:
            backend.store.reader_state().sets.clear()

    def page_and_count(results):
        hits = list(results[:10])
        return len(hits), results.count()

    def run(kind, q):
        if kind == "single term" or kind == "two terms":
            return page_and_count(backend.search(q, Book))
        if kind == "phrase":
            return page_and_count(backend.search(Phrase(q), Book))
        if kind == "misspelling":
            if backend_name == "whoosh":
                return page_and_count(extras.search(q, Book.objects.all(), backend=backend).results)
            return page_and_count(backend.search(q, Book))
        if kind == "facet filter":
            term, material = q
            return page_and_count(
                backend.search(term, ProgrammingGuide.objects.filter(programming_language=material))
            )
        results = backend.search(q, ProgrammingGuide)
        shown, total = page_and_count(results)
        results.facet("programming_language")
        return shown, total

    out = {"leg": leg, "build_s": build, "size_bytes": size, "kinds": {}}
    print(f"  {leg}: built in {build:.1f} s, {size / 2**20:.1f} MB", file=sys.stderr, flush=True)
    for kind in QUERY_KINDS:
        warm_until = time.perf_counter() + budget / 4
        for q in warmup[kind]:  # warm-up (other queries): searcher, connection, page cache
            run(kind, q)
            if time.perf_counter() > warm_until:
                break
        times, totals = [], []
        stop_at = time.perf_counter() + budget
        for q in qs[kind]:
            forget()
            t0 = time.perf_counter()
            _shown, total = run(kind, q)
            times.append((time.perf_counter() - t0) * 1000)
            totals.append(total)
            if time.perf_counter() > stop_at:
                break  # time budget of this kind spent: report the queries done
        times.sort()
        print(
            f"  {leg} / {kind}: {len(times)} queries, p50 {statistics.median(times):.1f} ms",
            file=sys.stderr,
            flush=True,
        )
        out["kinds"][kind] = {
            "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)],
            "mean_hits": statistics.mean(totals),
            "n": len(times),
        }
    return out


def child(args):
    workdir = Path(tempfile.mkdtemp(prefix=f"hub-bench-{args.db}-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    pg_url = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
    if args.db == "postgres":
        reset_postgres(pg_url)
    setup_django(args.db, workdir, pg_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows = corpus(args.seed, args.records, args.pages)
    t0 = time.perf_counter()
    load_corpus(rows)
    load_s = time.perf_counter() - t0
    qs = queries(args.seed, rows, args.queries)
    warmup = queries(args.seed + 1000, rows, 10)
    results, built = [], {}
    for backend_name, leg in [tuple(x.split(":")) for x in args.backends.split(",")]:
        result = run_leg(
            backend_name, args.db, workdir, qs, warmup, leg, args.budget, built.get(backend_name)
        )
        built.setdefault(backend_name, result)
        result["corpus_load_s"] = load_s
        results.append(result)
        print("BENCH-RESULT " + json.dumps([result]), flush=True)


# --- parent: run the legs, print the table ------------------------------------------------------


def human_size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024
    return str(n)


def table(results, args):
    legs = [r["leg"] for r in results]
    lines = [
        f"Corpus: {args.records} records + {args.pages} pages; up to {args.queries} queries per "
        f"kind, at most {args.budget:.0f} s per kind (n = queries run). Each query: first page "
        "of 10 + count (facet counts add facet()). Times in ms, p50 / p95.",
        "",
        "| | " + " | ".join(legs) + " |",
        "|---|" + "---|" * len(legs),
        "| index build | " + " | ".join(f"{r['build_s']:.1f} s" for r in results) + " |",
        "| index size | " + " | ".join(human_size(r["size_bytes"]) for r in results) + " |",
    ]
    for kind in QUERY_KINDS:
        cells = []
        for r in results:
            k = r["kinds"][kind]
            cells.append(
                f"{k['p50_ms']:.1f} / {k['p95_ms']:.1f} (n={k['n']}, ≈{k['mean_hits']:.0f} hits)"
            )
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parent(args):
    plan = []
    legs = args.legs.split(",")
    sqlite_backends = [
        b
        for b in (
            ("whoosh", "whoosh:whoosh"),
            ("whoosh-cold", "whoosh:whoosh-cold"),
            ("sqlite", "db:sqlite"),
        )
        if b[0] in legs
    ]
    if sqlite_backends:
        plan.append(("sqlite", ",".join(b[1] for b in sqlite_backends)))
    if "postgres" in legs:
        plan.append(("postgres", "db:postgres"))
    results = []
    for db, backends in plan:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            "--db",
            db,
            "--backends",
            backends,
            "--records",
            str(args.records),
            "--pages",
            str(args.pages),
            "--queries",
            str(args.queries),
            "--seed",
            str(args.seed),
        ]
        cmd += ["--budget", str(args.budget)]
        print(f"running {db} leg(s): {backends} …", file=sys.stderr, flush=True)
        # The child's progress goes to our stderr; its results come as lines on stdout.
        proc = subprocess.run(  # noqa: S603
            cmd, stdout=subprocess.PIPE, text=True, cwd=REPO, check=False
        )
        lines = [x for x in proc.stdout.splitlines() if x.startswith("BENCH-RESULT ")]
        for line in lines:
            results.extend(json.loads(line[len("BENCH-RESULT ") :]))
        if proc.returncode or not lines:
            sys.stderr.write(proc.stdout)
            print(f"{db} leg failed (exit {proc.returncode})", file=sys.stderr)
    print(table(results, args))
    if args.json:
        print(json.dumps(results, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--legs", default="whoosh,whoosh-cold,sqlite,postgres")
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--backends", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
    else:
        parent(args)


if __name__ == "__main__":
    main()
