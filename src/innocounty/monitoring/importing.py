"""Writing validated rows into :class:`IndicatorValue`, with provenance and a revision for every change.

A constant number of statements whatever the size: one read of the existing values, then set-based writes
of plain tuples — PostgreSQL ``COPY`` for new rows (a national file is ~50,000 values), ``executemany``
elsewhere. No model instances are built: at this volume the ORM's per-object cost would dominate.
Unchanged values keep their original provenance; a changed value gets a revision recording the old value
and where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from innocounty.monitoring.models import DataRound, IndicatorValue, IndicatorValueRevision, Upload

UPDATE_BATCH = 5000
COPY_CHUNK = 5000
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _copy_line(row: tuple) -> str:
    return "\t".join(_copy_field(v) for v in row) + "\n"


@dataclass(frozen=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int


def _same(a: float | None, b: float | None) -> bool:
    return a == b or (a is None and b is None)


def _columns(model, names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def insert_rows(model, names: Sequence[str], rows: list[tuple]) -> None:
    """Insert plain tuples (field values in ``names`` order) into ``model``'s table."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(rows), COPY_CHUNK):
                    copy.write("".join(_copy_line(row) for row in rows[start:start + COPY_CHUNK]))
        else:
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _update_values(changes: list[tuple], upload: Upload, user, stamp) -> None:
    """Set the changed values (``changes``: (pk, value)) and their provenance, in batches of set-based updates."""
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(IndicatorValue._meta.db_table)
    value, upload_col, by_col, at_col = (
        quote(c) for c in _columns(IndicatorValue, ["value", "upload", "updated_by", "updated_at"])
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(changes), UPDATE_BATCH):
                batch = changes[start:start + UPDATE_BATCH]
                rows = ", ".join(["(%s::bigint, %s::double precision)"] * len(batch))
                cursor.execute(
                    f"UPDATE {table} AS v SET {value} = d.value, {upload_col} = %s, {by_col} = %s, {at_col} = %s "
                    f"FROM (VALUES {rows}) AS d(id, value) WHERE v.id = d.id",
                    [upload.pk, user.pk, stamp, *(x for pair in batch for x in pair)],
                )
        else:
            cursor.executemany(
                f"UPDATE {table} SET {value} = %s, {upload_col} = %s, {by_col} = %s, {at_col} = %s WHERE id = %s",
                [(v, upload.pk, user.pk, stamp, pk) for pk, v in changes],
            )


def save_values(data_round: DataRound, rows: dict[str, dict[str, float | None]], upload: Upload, user) -> ImportResult:
    """Create or update the round's values for the counties in ``rows``; joins the caller's transaction."""
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    existing = {
        (county, code): (pk, value, source, by, at)
        for pk, county, code, value, source, by, at in IndicatorValue.objects.filter(
            data_round=data_round, county_id__in=list(rows)
        ).values_list("pk", "county_id", "code", "value", "upload_id", "updated_by_id", "updated_at")
    }
    new_values: list[tuple] = []
    updates: list[tuple] = []
    revisions: list[tuple] = []
    unchanged = 0
    for county, values in rows.items():
        for code, value in values.items():
            current = existing.get((county, code))
            if current is None:
                new_values.append((data_round.pk, county, code, value, upload.pk, user.pk, stamp))
            elif _same(current[1], value):
                unchanged += 1
            else:
                pk, old, source, by, at = current
                updates.append((pk, value))
                revisions.append((pk, old, value, source, by, connection.ops.adapt_datetimefield_value(at),
                                  upload.pk, user.pk, stamp))
    with transaction.atomic():
        insert_rows(IndicatorValue, ["data_round", "county", "code", "value", "upload", "updated_by", "updated_at"],
                    new_values)
        _update_values(updates, upload, user, stamp)
        insert_rows(
            IndicatorValueRevision,
            ["indicator_value", "old_value", "new_value", "old_upload", "old_by", "old_at", "upload", "changed_by",
             "changed_at"],
            revisions,
        )
    return ImportResult(created=len(new_values), changed=len(updates), unchanged=unchanged)
