"""Where a page's time goes, in-process, on the scale corpus of bench/http_bench.py.

Run (after ``bench/http_bench.py --build-only`` built ``hub_bench_scale``)::

    .venv/bin/python bench/page_profile.py                       # every URL type: ms per request
    .venv/bin/python bench/page_profile.py "news index" -n 50 --profile   # and its hot spots

Each URL type of tests/test_query_counts.py is requested through Django's test client under
the production settings with the page cache off (the work gunicorn does per request, without
the network; ``--cached``: on, so a stored page's cost): one warm-up request, then ``-n``
timed ones; median and p95 in milliseconds, and the share spent in SQL. ``--profile`` adds
cProfile's top 45 functions, shaped by the environment: ``SORT`` (a pstats key, default
``cumulative``; ``tottime`` for self time), ``ONLY`` (a regular expression on
file:line(function), e.g. ``hub/|community/`` for the hub's own code), ``CALLERS`` /
``CALLEES`` (a regular expression: who calls it, what it calls).
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from http_bench import REPO, environment


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kinds", nargs="*", help="URL types (default: all)")
    parser.add_argument("-n", type=int, default=30, help="timed requests per URL type")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="with the page cache on: what a stored page costs to serve",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="page-profile-"))
    try:
        env = environment(workdir, None)
        os.environ.update({**env, "PAGE_CACHE_SECONDS": "60" if args.cached else "0"})
        sys.path[:0] = [str(workdir), str(REPO)]
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from tests.test_query_counts import URLS

        client = Client(HTTP_X_FORWARDED_PROTO="https")
        print("| URL type | queries | median ms | p95 ms | SQL ms (median) |")
        print("|---|---|---|---|---|")
        for kind in args.kinds or URLS:
            url = URLS[kind]()
            client.get(url)
            times, sql = [], []
            profiler = cProfile.Profile() if args.profile else None
            for _ in range(args.n):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    if profiler:
                        profiler.enable()
                    response = client.get(url)
                    if profiler:
                        profiler.disable()
                    times.append((time.perf_counter() - start) * 1000)
                sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            assert response.status_code == 200, (kind, url, response.status_code)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"| {kind} | {len(queries.captured_queries)} | {statistics.median(times):.1f} "
                f"| {p95:.1f} | {statistics.median(sql):.1f} |"
            )
            if profiler:
                stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
                stats.print_stats(os.environ.get("ONLY", ""), 45)
                if os.environ.get("CALLEES"):
                    stats.print_callees(os.environ["CALLEES"])
                if os.environ.get("CALLERS"):
                    stats.print_callers(os.environ["CALLERS"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
