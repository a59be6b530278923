"""Fast bulk inserts of many plain rows: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

Django's ``bulk_create`` compiles every value through the field machinery, which costs about as much as
the whole engine run for a run's ~45,000 indicator rows. Rows here are dicts keyed by the model's
attribute names (``county_id``, not ``county``) and hold plain Python values; JSON fields are encoded and
datetimes adapted here, once per distinct value. Call inside a transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, models


def _encoder(field: models.Field):
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    if isinstance(field, models.DateTimeField):
        cache: dict = {}

        def adapt(v):
            if v is None:
                return None
            if v not in cache:
                cache[v] = connection.ops.adapt_datetimefield_value(v)
            return cache[v]

        return adapt
    return None


def insert_rows(model: type[models.Model], rows: Iterable[dict], batch_size: int = 5000) -> int:
    rows = list(rows)
    if not rows:
        return 0
    attnames = list(rows[0])
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = [fields[a].column for a in attnames]
    encoders = [_encoder(fields[a]) for a in attnames]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_sql = ", ".join(quote(c) for c in columns)

    def tuples():
        for row in rows:
            yield tuple(enc(row[a]) if enc else row[a] for a, enc in zip(attnames, encoders, strict=True))

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for values in tuples():
                    copy.write_row(values)
        else:
            sql = f"INSERT INTO {table} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch: list[tuple] = []
            for values in tuples():
                batch.append(values)
                if len(batch) >= batch_size:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return len(rows)
