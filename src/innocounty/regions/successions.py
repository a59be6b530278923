"""The succession table (行政区划变更): loading it from ``regions/data/successions.csv`` and following a unit
across its changes.

``successions.csv`` (UTF-8, header row) has one line per change, from the official change notices and the
division tables of each year: ``date`` (YYYY-MM-DD, the day the new unit exists), ``kind`` (renamed,
code_change, merged, split, became_district, type_change), ``predecessor_code``, ``predecessor_name``,
``predecessor_type``, ``successor_code``, ``source``. A predecessor that is no longer in the current table gets a
county row of its own (name and type from the file, prefecture and province of its successor) with
``valid_to`` the day before the change, so values reported for it stay attached to it; the successor's
``valid_from`` is the date when it had none. Loading is idempotent.

:func:`lineage` is the chain of units one unit continued as or from (the kinds in ``CONTINUING_KINDS``:
renamed, code change, became district, type change), oldest first — what a county profile follows.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from innocounty.regions.models import CONTINUING_KINDS, County, Succession, SuccessionKind

SUCCESSIONS_CSV = Path(__file__).resolve().parent / "data" / "successions.csv"
COLUMNS = ["date", "kind", "predecessor_code", "predecessor_name", "predecessor_type", "successor_code", "source"]


class SuccessionError(ValueError):
    pass


@dataclass
class SuccessionLoad:
    created: int = 0
    unchanged: int = 0
    historic_units: int = 0


def read_successions(path: Path = SUCCESSIONS_CSV) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise SuccessionError(f"{path.name}: columns must be {', '.join(COLUMNS)}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in SuccessionKind.values:
            raise SuccessionError(f"{path.name} row {number}: unknown kind {row['kind']!r}")
        try:
            dt.date.fromisoformat(row["date"])
        except ValueError:
            raise SuccessionError(f"{path.name} row {number}: date must be YYYY-MM-DD") from None
        if row["predecessor_code"] == row["successor_code"] and row["kind"] not in ("renamed", "type_change",
                                                                                   "became_district"):
            raise SuccessionError(f"{path.name} row {number}: a {row['kind']} needs two different codes")
    return rows


def record(predecessor_code: str, successor_code: str, day: dt.date, kind: str, *, source: str = "",
           predecessor_name: str = "", predecessor_type: str = "") -> Succession:
    """One succession (idempotent), creating the historic predecessor row when it is not in the table."""
    successor = County.objects.get(code=successor_code)
    predecessor = County.objects.filter(code=predecessor_code).first()
    if predecessor is None:
        predecessor = County.objects.create(
            code=predecessor_code, name=predecessor_name or predecessor_code,
            unit_type=predecessor_type or successor.unit_type, prefecture_id=successor.prefecture_id,
            province_id=successor.province_id, valid_to=day - dt.timedelta(days=1))
    if predecessor.pk == successor.pk:   # same code (renamed / type change): nothing to link, the unit continues
        return None
    if predecessor.valid_to is None:
        County.objects.filter(pk=predecessor.pk).update(valid_to=day - dt.timedelta(days=1))
    if successor.valid_from is None:
        County.objects.filter(pk=successor.pk).update(valid_from=day)
    succession, _created = Succession.objects.get_or_create(
        predecessor=predecessor, successor=successor, kind=kind, defaults={"date": day, "source": source[:200]})
    return succession


def load_successions(path: Path = SUCCESSIONS_CSV) -> SuccessionLoad:
    report = SuccessionLoad()
    rows = read_successions(path)
    with transaction.atomic():
        for row in rows:
            before = Succession.objects.count()
            existed = County.objects.filter(code=row["predecessor_code"]).exists()
            record(row["predecessor_code"], row["successor_code"], dt.date.fromisoformat(row["date"]), row["kind"],
                   source=row["source"], predecessor_name=row["predecessor_name"],
                   predecessor_type=row["predecessor_type"])
            report.historic_units += not existed
            if Succession.objects.count() > before:
                report.created += 1
            else:
                report.unchanged += 1
    return report


def lineage(code: str) -> list[str]:
    """The codes of the units ``code`` continued from and as (continuing kinds only), oldest first, itself
    included. Merges and splits are not followed: their history belongs to several units."""
    seen = {code}
    frontier = [code]
    edges = []
    while frontier:
        links = list(Succession.objects.filter(kind__in=CONTINUING_KINDS).filter(
            predecessor_id__in=frontier).values_list("predecessor_id", "successor_id", "date")) + list(
            Succession.objects.filter(kind__in=CONTINUING_KINDS, successor_id__in=frontier)
            .values_list("predecessor_id", "successor_id", "date"))
        frontier = []
        for a, b, day in links:
            edges.append((a, b, day))
            for c in (a, b):
                if c not in seen:
                    seen.add(c)
                    frontier.append(c)
    first_seen = {}
    for a, b, day in sorted(edges, key=lambda e: e[2]):
        first_seen.setdefault(a, (day, 0))
        first_seen.setdefault(b, (day, 1))
    return sorted(seen, key=lambda c: first_seen.get(c, (dt.date.max, 2)))


def neighbours(county: County) -> tuple[list[Succession], list[Succession]]:
    """(the successions into ``county``: its predecessors; the successions out of it: its successors)."""
    into = list(county.successions_in.select_related("predecessor").order_by("date"))
    out = list(county.successions_out.select_related("successor").order_by("date"))
    return into, out


def continuing_successor(county: County) -> County | None:
    """The one unit ``county`` continued as (a code change, 撤县设区 …), or None (still valid, merged, split)."""
    out = [s for s in county.successions_out.select_related("successor") if s.kind in CONTINUING_KINDS]
    return out[0].successor if len(out) == 1 else None
