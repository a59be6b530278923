"""What changed between two versions of the division table, with successions proposed (pure: no database).

Given two fixtures (``innocounty-regions/1``, see docs/regions.md) this lists the county-level units added and
removed, renamed (same code, other name), changed in type (same code, e.g. 县 → 县级市 or → 市辖区), and the
**code changes**: a removed unit and an added unit in the same province whose names are the same, or whose name
stems are the same (the name without its type suffix 县/市/区/旗/自治县/自治旗/林区/特区). Each of those is a
proposed succession with its kind:

* ``renamed`` — same code, other name (and type);
* ``type_change`` — same code, other type (not 市辖区), e.g. 撤县设市;
* ``became_district`` — the new unit (same or new code) is a 市辖区 and the old one was not (撤县设区);
* ``code_change`` — new code, same name or stem, same type.

Units removed or added without a match are listed as such (a merger or split needs the official change notice:
the tables alone cannot say which units went where), so ``merged``/``split`` are never proposed automatically;
they are entered in ``regions/data/successions.csv`` by hand from the notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUFFIXES = ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗")
DISTRICT = "市辖区"


def stem(name: str) -> str:
    """The name without its type suffix (长丰县 → 长丰, 鄂温克族自治旗 → 鄂温克族)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Proposal:
    predecessor: str
    successor: str
    kind: str
    predecessor_name: str
    successor_name: str

    def line(self) -> str:
        return f"{self.predecessor} {self.predecessor_name} → {self.successor} {self.successor_name} ({self.kind})"


@dataclass
class ChangeReport:
    old_as_of: str = ""
    new_as_of: str = ""
    added: list[list] = field(default_factory=list)        # county rows only in the new table, not matched
    removed: list[list] = field(default_factory=list)      # county rows only in the old table, not matched
    renamed: list[tuple[list, list]] = field(default_factory=list)
    type_changes: list[tuple[list, list]] = field(default_factory=list)
    code_changes: list[tuple[list, list]] = field(default_factory=list)
    moved: list[tuple[list, list]] = field(default_factory=list)   # same code, other prefecture
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.type_changes or self.code_changes
                    or self.moved)

    def lines(self, limit: int = 20) -> list[str]:
        out = [f"county-level units, {self.old_as_of or '?'} → {self.new_as_of or '?'}: "
               f"+{len(self.added)} added, -{len(self.removed)} removed, {len(self.renamed)} renamed, "
               f"{len(self.code_changes)} code changes, {len(self.type_changes)} type changes, "
               f"{len(self.moved)} moved to another prefecture"]
        for title, rows in (("added", self.added), ("removed", self.removed)):
            out += [f"  {title}: {r[0]} {r[1]} ({r[2]})" for r in rows[:limit]]
        for title, pairs in (("renamed", self.renamed), ("code change", self.code_changes),
                             ("type change", self.type_changes), ("moved", self.moved)):
            out += [f"  {title}: {a[0]} {a[1]} ({a[2]}, {a[3]}) → {b[0]} {b[1]} ({b[2]}, {b[3]})"
                    for a, b in pairs[:limit]]
        if self.proposals:
            out.append(f"proposed successions ({len(self.proposals)}; check them against the MCA change notice, "
                       "then add them to regions/data/successions.csv):")
            out += [f"  {p.line()}" for p in self.proposals[:limit * 2]]
        return out


def _kind(old: list, new: list, same_code: bool) -> str:
    if new[2] == DISTRICT and old[2] != DISTRICT:
        return "became_district"
    if same_code:
        return "renamed" if old[1] != new[1] else "type_change"
    return "code_change"


def compare(old: dict, new: dict) -> ChangeReport:
    """The county-level changes from fixture ``old`` to fixture ``new``."""
    report = ChangeReport(old_as_of=old.get("source", {}).get("data_as_of", ""),
                          new_as_of=new.get("source", {}).get("data_as_of", ""))
    before = {r[0]: r for r in old.get("counties", [])}
    after = {r[0]: r for r in new.get("counties", [])}
    for code in sorted(before.keys() & after.keys()):
        a, b = before[code], after[code]
        if a[1] != b[1]:
            report.renamed.append((a, b))
            report.proposals.append(Proposal(code, code, _kind(a, b, True), a[1], b[1]))
        elif a[2] != b[2]:
            report.type_changes.append((a, b))
            report.proposals.append(Proposal(code, code, _kind(a, b, True), a[1], b[1]))
        elif a[3] != b[3]:
            report.moved.append((a, b))
    gone = [before[c] for c in sorted(before.keys() - after.keys())]
    new_rows = [after[c] for c in sorted(after.keys() - before.keys())]
    unmatched_new = list(new_rows)
    for a in gone:
        match = _match(a, unmatched_new)
        if match is None:
            report.removed.append(a)
            continue
        unmatched_new.remove(match)
        report.code_changes.append((a, match))
        report.proposals.append(Proposal(a[0], match[0], _kind(a, match, False), a[1], match[1]))
    report.added = unmatched_new
    return report


def _match(row: list, candidates: list[list]) -> list | None:
    """The one added unit of the same province with the same name, else the same stem (None if none or several)."""
    same_province = [c for c in candidates if c[4] == row[4]]
    for key in (lambda r: r[1], lambda r: stem(r[1])):
        hits = [c for c in same_province if key(c) == key(row)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            same_prefecture = [c for c in hits if c[3] == row[3]]
            return same_prefecture[0] if len(same_prefecture) == 1 else None
    return None


CODE = re.compile(r"^[0-9]{6}$")
