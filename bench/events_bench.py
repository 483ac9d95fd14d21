"""Events benchmark: concurrent registrations on PostgreSQL, and the organiser list and CSV export
with many registrations.

What it does
    1. Registration burst: ``--attempts`` (500) registration attempts for an event with
       ``--seats`` (150) seats, all through ``events.services.register`` (the same code path as
       the web form minus HTTP), run by ``--workers`` (80) threads that start together, each with
       its own PostgreSQL connection. Every attempt is its own transaction that locks the event
       row; confirmation and waiting-list mails are rendered and "sent" (locmem backend) after
       commit, as in production. Reports confirmed / waitlisted / errors (must be exactly
       ``seats`` / ``attempts - seats`` / 0), wall time, registrations per second, and the p50 /
       p95 / max latency of one attempt.
    2. Organiser pages: an event with three questions (one a workshop choice) and
       ``--registrations`` (5000) registrations, and a control event with 50; fetches the
       registrations list (``/admin/events/<id>/``) and the CSV export
       (``/admin/events/<id>/export/``) as a superuser through Django's test client, and
       reports the number of SQL queries (must be the same for 50 and 5,000 rows) and the time.

    The HTTP leg of the issue (the same burst through gunicorn, real forms with CSRF) is
    ``bench/events_http_bench.py``.

Run (from the repository root; PostgreSQL on 127.0.0.1 with trust auth)::

    .venv/bin/python bench/events_bench.py
    .venv/bin/python bench/events_bench.py --attempts 200 --seats 60 --registrations 1000  # quick

Options: ``--attempts``, ``--seats``, ``--workers`` (at most ~90: PostgreSQL's default
max_connections is 100), ``--registrations``, ``--json``. The database comes from
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/hub_events``); like the test
suite, the benchmark works in Django's test database (``test_hub_events``), which it creates,
migrates and drops again.
"""

import argparse
import json
import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hub_events"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--seats", type=int, default=150)
    parser.add_argument("--workers", type=int, default=80)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    return parser.parse_args()


def setup_django():
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.test"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must point to PostgreSQL (postgres://...).")


def make_site():
    from wagtail.models import Page, Site

    from events.models import EventIndexPage
    from home.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Hub", slug="bench-home")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = EventIndexPage(title="Events", slug="events")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_event(index, title, capacity, questions=()):
    from django.utils import timezone
    from django.utils.text import slugify

    from events.models import EventPage, EventQuestion, QuestionOption

    start = timezone.now() + timedelta(days=60)
    event = EventPage(
        title=title,
        slug=slugify(title),
        summary=title,
        start=start,
        end=start + timedelta(hours=7),
        format="online",
        capacity=capacity,
        online_url="https://meet.example.org/bench",
        questions=[
            EventQuestion(
                label=label,
                kind=kind,
                required=False,
                options=[
                    QuestionOption(name=name, places=places, sort_order=n)
                    for n, (name, places) in enumerate(options)
                ],
            )
            for label, kind, options in questions
        ],
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def registration_burst(index, attempts, seats, workers):
    from django.core import mail
    from django.db import connections

    from events import services
    from events.models import Registration

    event = make_event(index, "Registration burst", seats)
    mail.outbox = []
    queue = list(range(attempts))
    lock = threading.Lock()
    latencies, errors = [], []
    barrier = threading.Barrier(workers + 1)

    def worker():
        barrier.wait()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    number = queue.pop()
                began = time.perf_counter()
                try:
                    services.register(
                        event, name=f"Person {number}", email=f"person{number}@example.org"
                    )
                except Exception as error:  # counted: the benchmark must report 0
                    errors.append(repr(error))
                latencies.append(time.perf_counter() - began)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.confirmed().count()
    waitlisted = registrations.waitlisted().count()
    return {
        "attempts": attempts,
        "seats": seats,
        "workers": workers,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "errors": len(errors),
        "error_samples": errors[:3],
        "mails": len(mail.outbox),
        "exact": confirmed == seats and waitlisted == attempts - seats and not errors,
        "seconds": round(elapsed, 3),
        "registrations_per_second": round(attempts / elapsed, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 1),
            "p95": round(percentile(latencies, 0.95) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        },
    }


def bulk_registrations(event, count):
    from django.utils import timezone

    from events.models import Registration

    questions = list(event.questions.all())
    diet, workshop, drinks = questions
    now = timezone.now()
    rows = [
        Registration(
            event=event,
            name=f"Person {n:05d}",
            email=f"person{n}@example.org",
            organisation=f"Organisation {n % 40}",
            status="confirmed" if n % 10 else "waitlisted",
            created_at=now - timedelta(seconds=count - n),
            confirmed_at=now,
            checked_in_at=now if n % 3 == 0 else None,
            answers={
                diet.key: "Vegetarian" if n % 4 else "",
                drinks.key: bool(n % 2),
                workshop.key: "Quality" if n % 2 else "Access",
            },
            consent_text="bench",
            consented_at=now,
        )
        for n in range(count)
    ]
    Registration.objects.bulk_create(rows, batch_size=1000)


def organiser_pages(index, registrations):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import QuestionKind

    questions = [
        ("Dietary requirements", QuestionKind.SHORT_TEXT, []),
        ("Workshop", QuestionKind.WORKSHOP, [("Quality", 100000), ("Access", 100000)]),
        ("Drinks", QuestionKind.YES_NO, []),
    ]
    admin = get_user_model().objects.create_superuser("bench-admin", "admin@example.org", "x")
    client = Client()
    client.force_login(admin)
    results = {}
    for label, count in (("small", 50), ("large", registrations)):
        event = make_event(index, f"Organiser pages {label}", None, questions)
        bulk_registrations(event, count)
        client.get(f"/admin/events/{event.pk}/")  # warm-up (URL install, caches)
        row = {"registrations": count}
        for name, path in (
            ("list", f"/admin/events/{event.pk}/"),
            ("csv", f"/admin/events/{event.pk}/export/"),
        ):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(path)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                elapsed = time.perf_counter() - began
            assert response.status_code == 200, (path, response.status_code)
            row[name] = {
                "queries": len(queries.captured_queries),
                "ms": round(elapsed * 1000, 1),
                "bytes": len(body),
            }
            if name == "csv":
                row[name]["rows"] = body.count(b"\n") - 1
        results[label] = row
    results["same_query_counts"] = all(
        results["small"][name]["queries"] == results["large"][name]["queries"]
        for name in ("list", "csv")
    )
    return results


def main():
    args = parse_args()
    setup_django()
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        index = make_site()
        burst = registration_burst(index, args.attempts, args.seats, args.workers)
        pages = organiser_pages(index, args.registrations)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()

    from django.db import connection

    print(
        f"Events benchmark on PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPU(s)"
    )
    print(
        f"\n1. {burst['attempts']} concurrent registration attempts for {burst['seats']} seats "
        f"({burst['workers']} threads, each its own connection), through the service"
    )
    print(
        f"   confirmed {burst['confirmed']}, waitlisted {burst['waitlisted']}, "
        f"errors {burst['errors']}, mails {burst['mails']} -> "
        f"{'EXACT' if burst['exact'] else 'NOT EXACT'}"
    )
    print(
        f"   {burst['seconds']} s wall time, {burst['registrations_per_second']} "
        f"registrations/s; latency per attempt p50 {burst['latency_ms']['p50']} ms, "
        f"p95 {burst['latency_ms']['p95']} ms, max {burst['latency_ms']['max']} ms"
    )
    if burst["error_samples"]:
        print(f"   first errors: {burst['error_samples']}")
    print("\n2. Organiser pages (superuser, Django test client; 3 questions, one a workshop)")
    print(
        f"   {'registrations':>13} | {'list: queries':>13} {'ms':>8} | "
        f"{'CSV: queries':>12} {'ms':>8} {'rows':>6}"
    )
    for label in ("small", "large"):
        row = pages[label]
        print(
            f"   {row['registrations']:>13} | {row['list']['queries']:>13} "
            f"{row['list']['ms']:>8} | {row['csv']['queries']:>12} {row['csv']['ms']:>8} "
            f"{row['csv']['rows']:>6}"
        )
    print(f"   query counts independent of the number of rows: {pages['same_query_counts']}")
    if args.json:
        print(json.dumps({"burst": burst, "organiser_pages": pages}, indent=2))
    return 0 if burst["exact"] and pages["same_query_counts"] else 1


if __name__ == "__main__":
    sys.exit(main())
