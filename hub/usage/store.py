"""Adding a batch of counts to the tables, in one transaction.

`bulk_create(update_conflicts=True)` would *replace* a day's count with the batch's, so two
processes flushing the same page and day would lose one another's hits. Here every row is
`INSERT … ON CONFLICT (key) DO UPDATE SET n = table.n + excluded.n` — the same statement on
PostgreSQL and SQLite (≥ 3.24), atomic per row under concurrent writers. Other databases get
F() increments (update, else insert, else update again when another writer inserted first).
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from hub.usage.models import DownloadCount, PageViewCount, ReferrerCount, ZeroResultSearch

# kind of count -> (model, key fields, count field)
TABLES = {
    "view": (PageViewCount, ("day", "path"), "views"),
    "referrer": (ReferrerCount, ("day", "path", "domain"), "visits"),
    "download": (DownloadCount, ("day", "document_id"), "downloads"),
    "search": (ZeroResultSearch, ("day", "kind", "query"), "searches"),
}
UPSERT_VENDORS = ("postgresql", "sqlite")


def write(batch: dict) -> None:
    """`batch`: {(kind, day, *key): n}. All of it is added, or (on an error) none of it."""
    by_kind: dict[str, list] = {}
    for (kind, *key), n in batch.items():
        by_kind.setdefault(kind, []).append((*key, n))
    with transaction.atomic():
        for kind, rows in sorted(by_kind.items()):
            model, keys, count = TABLES[kind]
            if connection.vendor in UPSERT_VENDORS:
                _upsert(model, keys, count, rows)
            else:
                _increment(model, keys, count, rows)


def _upsert(model, keys, count, rows) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [model._meta.get_field(name).column for name in (*keys, count)]
    counted = quote(columns[-1])
    # Names from the models, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(map(quote, columns[:-1]))}) "
        f"DO UPDATE SET {counted} = {table}.{counted} + EXCLUDED.{counted}"
    )
    params = [(connection.ops.adapt_datefield_value(day), *rest) for day, *rest in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _increment(model, keys, count, rows) -> None:
    for *key, n in rows:
        match = dict(zip(keys, key, strict=True))
        if model.objects.filter(**match).update(**{count: F(count) + n}):
            continue
        try:
            with transaction.atomic():
                model.objects.create(**match, **{count: n})
        except IntegrityError:  # another writer inserted the row meanwhile
            model.objects.filter(**match).update(**{count: F(count) + n})
