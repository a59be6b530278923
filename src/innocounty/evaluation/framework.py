"""The framework tree (指标体系): loading and validation (methodology §1.1) and effective weights (§3).

A framework is read from a CSV, XLSX or YAML file with one row per node, or by the name of a shipped framework
(``provisional-23``, ``hunan-15``; see :func:`shipped_frameworks`). Rows whose ``type`` is present and is neither
``Indicator`` nor ``Aggregate`` are discarded before any parsing (§12.3). Every problem found is collected and
reported in one :class:`~innocounty.evaluation.errors.FrameworkError`, each naming its row (the spreadsheet row
number: the header is row 1, so the first node is row 2; for YAML, item *k* of the list is row *k*).

Public API::

    fw = load_framework("provisional-23")          # or a path, or a list of dicts via Framework.from_records
    fw.indicators        # level-1 codes in framework row order
    fw.aggregates        # level ≥ 2 codes, bottom-up (level ascending, then row order); root last
    fw.children[code]    # child codes in row order
    fw.nodes[code]       # Node (name, level, parent, weight, direction, denominator, target, …)
    fw.weights()         # {code: weight} from the framework
    fw.effective_weights(weights)   # §3, {code: eff}
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import FrameworkError

NORM_METHODS = ("minmax", "zscore", "rank", "prank", "target_ratio", "goalposts", "none")
KNOWN_COLUMNS = (
    "code", "name", "name_en", "level", "parent", "weight", "direction", "unit", "denominator", "scale_factor",
    "target", "goalpost_lower", "goalpost_upper", "norm_method", "norm_params", "treat", "type",
)
SHIPPED_DIR = "frameworks"


@dataclass
class Node:
    """One node of the framework tree (a row of the framework table)."""

    code: str
    level: int
    parent: str | None
    weight: float = 1.0
    direction: int = 1
    name: str = ""
    name_en: str = ""
    unit: str = ""
    denominator: str | None = None
    scale_factor: float = 1.0
    target: float | None = None
    goalpost_lower: float | None = None
    goalpost_upper: float | None = None
    norm_method: str | None = None
    norm_params: dict[str, Any] = field(default_factory=dict)
    treat: str = "default"
    row: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_indicator(self) -> bool:
        return self.level == 1


class Framework:
    """A validated framework tree. Build with :func:`load_framework` or :meth:`from_records`."""

    def __init__(self, nodes: list[Node], source: str | None = None):
        self.source = source
        self.node_list = nodes
        self.nodes: dict[str, Node] = {n.code: n for n in nodes}
        self.levels = max(n.level for n in nodes)
        self.root = next(n.code for n in nodes if n.parent is None)
        self.children: dict[str, list[str]] = {n.code: [] for n in nodes}
        for n in nodes:
            if n.parent is not None:
                self.children[n.parent].append(n.code)
        self.indicators: list[str] = [n.code for n in nodes if n.level == 1]
        self.aggregates: list[str] = [n.code for lev in range(2, self.levels + 1) for n in nodes if n.level == lev]
        self.index = {c: i for i, c in enumerate(self.indicators)}

    # -- construction -------------------------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: list[dict[str, Any]], source: str | None = None,
                     first_row: int = 2) -> Framework:
        """Parse and validate rows (dicts of column → value). Raises FrameworkError listing every problem."""
        return _build(records, source, first_row)

    # -- queries -----------------------------------------------------------------------------------------
    @property
    def denominators(self) -> dict[str, str]:
        """Indicator code → denominator column, for indicators that have one."""
        return {c: self.nodes[c].denominator for c in self.indicators if self.nodes[c].denominator}

    def weights(self) -> dict[str, float]:
        """Framework weights of every node, {code: weight} (§2.6)."""
        return {n.code: n.weight for n in self.node_list}

    def level_nodes(self, level: int) -> list[str]:
        """Codes of the nodes at ``level`` in framework row order."""
        return [n.code for n in self.node_list if n.level == level]

    def effective_weights(self, weights: dict[str, float] | None = None) -> dict[str, float]:
        """Effective weights (§3): ŵ_c = w_c / Σ siblings, eff_c = ŵ_c · eff_parent, eff_root = 1."""
        w = self.weights() if weights is None else {**self.weights(), **weights}
        eff = {self.root: 1.0}
        for lev in range(self.levels - 1, 0, -1):
            for p in self.level_nodes(lev + 1):
                kids = self.children[p]
                total = 0.0
                for c in kids:
                    total += w[c]
                for c in kids:
                    eff[c] = (w[c] / total) * eff[p] if total > 0 else math.nan
        return {n.code: eff[n.code] for n in self.node_list}

    def normalised_weights(self, weights: dict[str, float] | None = None) -> dict[str, float]:
        """Weights normalised within each parent (ŵ of §3); the root gets 1."""
        w = self.weights() if weights is None else {**self.weights(), **weights}
        out = {self.root: 1.0}
        for kids in self.children.values():
            total = 0.0
            for c in kids:
                total += w[c]
            for c in kids:
                out[c] = w[c] / total if total > 0 else math.nan
        return {n.code: out[n.code] for n in self.node_list}

    def __repr__(self) -> str:
        return f"Framework({self.source!r}, {len(self.indicators)} indicators, {self.levels} levels)"


# -- loading ---------------------------------------------------------------------------------------------

def shipped_frameworks() -> dict[str, Path]:
    """Name → path of the frameworks shipped with the package (``frameworks/*.csv``)."""
    base = resources.files("innocounty.evaluation").joinpath(SHIPPED_DIR)
    out = {}
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".csv", ".xlsx", ".yaml", ".yml")):
            out[entry.name.rsplit(".", 1)[0]] = Path(str(entry))
    return out


def resolve_framework_path(name_or_path: str | Path) -> Path:
    """A path as given if it exists, else a shipped framework by name (e.g. ``provisional-23``)."""
    p = Path(name_or_path)
    if p.exists():
        return p
    shipped = shipped_frameworks()
    if str(name_or_path) in shipped:
        return shipped[str(name_or_path)]
    raise FrameworkError(
        [f"no such file or shipped framework (shipped: {', '.join(shipped)})"], file=str(name_or_path))


def load_framework(name_or_path: str | Path) -> Framework:
    """Load and validate a framework from a CSV/XLSX/YAML file or a shipped framework name."""
    path = resolve_framework_path(name_or_path)
    records, first_row = read_framework_records(path)
    try:
        return Framework.from_records(records, source=str(name_or_path), first_row=first_row)
    except FrameworkError as e:
        raise FrameworkError(e.problems, file=str(name_or_path)) from None


def read_framework_records(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Read the rows of a framework file as dicts; returns (records, row number of the first record)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            import yaml

            with open(path, encoding="utf-8") as fh:
                doc = yaml.safe_load(fh)
            if isinstance(doc, dict):
                doc = doc.get("nodes")
            if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
                raise FrameworkError(["a YAML framework must be a list of node mappings (or {nodes: [...]})"],
                                     file=str(path))
            return doc, 1
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            rows = list(wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            if not rows:
                raise FrameworkError(["the sheet is empty"], file=str(path))
            header = [_cell_text(h) for h in rows[0]]
            return [{h: v for h, v in zip(header, r, strict=False) if h} for r in rows[1:]], 2
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh)), 2
    except FrameworkError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as e:
        raise FrameworkError([f"cannot read: {e}"], file=str(path)) from None


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _num(v: Any) -> float | None:
    """Parse a numeric field; '' / None → None; raises ValueError on text."""
    if v is None or (isinstance(v, str) and v.strip() == ""):
        return None
    if isinstance(v, bool):
        raise ValueError(v)
    return float(v)


def _build(records: list[dict[str, Any]], source: str | None, first_row: int) -> Framework:
    problems: list[str] = []
    nodes: list[Node] = []
    for i, rec in enumerate(records):
        row = first_row + i
        rec = {str(k).strip(): v for k, v in rec.items() if k is not None}
        typ = _cell_text(rec.get("type"))
        if typ and typ.lower() not in ("indicator", "aggregate"):
            continue  # §12.3: rows of other types are discarded before any parsing
        if all(_cell_text(v) == "" for v in rec.values()):
            continue  # blank line
        node = _parse_row(rec, row, typ, problems)
        if node is not None:
            nodes.append(node)
    if not nodes:
        problems.append("no nodes")
        raise FrameworkError(problems)
    _check_tree(nodes, problems)
    if problems:
        raise FrameworkError(problems)
    return Framework(nodes, source)


def _parse_row(rec: dict[str, Any], row: int, typ: str, problems: list[str]) -> Node | None:
    def bad(msg: str) -> None:
        problems.append(f"row {row}: {msg}")

    code = _cell_text(rec.get("code"))
    label = f"node {code}" if code else "node"
    if not code:
        bad("empty code")
    elif any(ch.isspace() for ch in code):
        bad(f"code {code!r} contains whitespace")
    try:
        lv = _num(rec.get("level"))
        if lv is None or not float(lv).is_integer() or lv < 1:
            raise ValueError
        level = int(lv)
    except (ValueError, TypeError):
        bad(f"{label}: level must be an integer >= 1, got {_cell_text(rec.get('level'))!r}")
        level = 0
    parent = _cell_text(rec.get("parent")) or None
    try:
        weight = _num(rec.get("weight"))
        weight = 1.0 if weight is None else weight
        if not math.isfinite(weight) or weight < 0:
            bad(f"{label}: weight must be finite and >= 0, got {_cell_text(rec.get('weight'))}")
    except (ValueError, TypeError):
        bad(f"{label}: weight is not a number: {_cell_text(rec.get('weight'))!r}")
        weight = 1.0
    dtext = _cell_text(rec.get("direction"))
    direction = 1
    if dtext in ("1", "+1", "1.0", "+1.0"):
        direction = 1
    elif dtext in ("-1", "-1.0", "\u22121"):
        direction = -1
    elif dtext == "":
        if level == 1:
            bad(f"indicator {code}: direction is required (1 or -1)")
    else:
        bad(f"{label}: direction must be 1 or -1, got {dtext!r}")
    if level > 1 and direction == -1:
        bad(f"aggregate {code}: direction must be 1 or empty, got -1")
    if typ:
        want = "indicator" if level == 1 else "aggregate"
        if level and typ.lower() != want:
            bad(f"{label}: type {typ} does not agree with level {level}")
    floats: dict[str, float | None] = {}
    for col in ("scale_factor", "target", "goalpost_lower", "goalpost_upper"):
        try:
            val = _num(rec.get(col))
            if val is not None and not math.isfinite(val):
                raise ValueError
            floats[col] = val
        except (ValueError, TypeError):
            bad(f"{label}: {col} is not a finite number: {_cell_text(rec.get(col))!r}")
            floats[col] = None
    scale = floats["scale_factor"]
    if scale is not None and scale <= 0:
        bad(f"{label}: scale_factor must be > 0, got {scale}")
    if floats["target"] is not None and floats["target"] <= 0:
        bad(f"{label}: target must be > 0, got {floats['target']}")
    norm_method = _cell_text(rec.get("norm_method")) or None
    if norm_method is not None and norm_method not in NORM_METHODS:
        bad(f"{label}: unknown norm_method {norm_method!r} (expected one of {', '.join(NORM_METHODS)})")
    raw_params = rec.get("norm_params")
    norm_params: dict[str, Any] = {}
    if isinstance(raw_params, dict):
        norm_params = dict(raw_params)
    elif _cell_text(raw_params):
        try:
            norm_params = json.loads(_cell_text(raw_params))
            if not isinstance(norm_params, dict):
                raise ValueError
        except ValueError:
            bad(f"{label}: norm_params must be a JSON object, got {_cell_text(raw_params)!r}")
            norm_params = {}
    treat = _cell_text(rec.get("treat")) or "default"
    if treat not in ("default", "none"):
        bad(f"{label}: treat must be 'default' or 'none', got {treat!r}")
    if level > 1 and _cell_text(rec.get("denominator")):
        bad(f"aggregate {code}: denominator is only allowed on indicators")
    extra = {k: v for k, v in rec.items() if k not in KNOWN_COLUMNS}
    return Node(
        code=code, level=level, parent=parent, weight=float(weight), direction=direction,
        name=_cell_text(rec.get("name")), name_en=_cell_text(rec.get("name_en")), unit=_cell_text(rec.get("unit")),
        denominator=_cell_text(rec.get("denominator")) or None, scale_factor=1.0 if scale is None else scale,
        target=floats["target"], goalpost_lower=floats["goalpost_lower"], goalpost_upper=floats["goalpost_upper"],
        norm_method=norm_method, norm_params=norm_params, treat=treat, row=row, extra=extra,
    )


def _check_tree(nodes: list[Node], problems: list[str]) -> None:
    """Structural rules 1–3 of §1.1: unique codes, one root, parents one level up, no cycles, children, levels."""
    by_code: dict[str, Node] = {}
    for n in nodes:
        if not n.code:
            continue
        if n.code in by_code:
            problems.append(f"row {n.row}: duplicate code {n.code} (first at row {by_code[n.code].row})")
        else:
            by_code[n.code] = n
    roots = [n for n in nodes if n.parent is None]
    if not roots:
        problems.append("no root node (a node with an empty parent)")
    elif len(roots) > 1:
        problems.append("more than one root: " + ", ".join(f"{n.code} (row {n.row})" for n in roots))
    max_level = max(n.level for n in nodes)
    for n in roots:
        if n.level and n.level != max_level:
            problems.append(f"row {n.row}: root {n.code} has level {n.level}, below the highest level {max_level}")
    for n in nodes:
        if n.parent is None:
            continue
        p = by_code.get(n.parent)
        if p is None:
            problems.append(f"row {n.row}: node {n.code} has unknown parent {n.parent}")
        elif n.level and p.level and p.level != n.level + 1:
            problems.append(f"row {n.row}: node {n.code} (level {n.level}) has parent {p.code} at level {p.level};"
                            f" the parent must be at level {n.level + 1}")
    # cycles (walk parent chains)
    reported: set[str] = set()
    for n in nodes:
        seen: list[str] = []
        cur: Node | None = n
        while cur is not None and cur.parent is not None:
            if cur.code in seen:
                cyc = seen[seen.index(cur.code):] + [cur.code]
                key = min(cyc)
                if key not in reported:
                    reported.add(key)
                    problems.append("cycle: " + " -> ".join(cyc))
                break
            seen.append(cur.code)
            cur = by_code.get(cur.parent)
    kids: dict[str, list[Node]] = {c: [] for c in by_code}
    for n in nodes:
        if n.parent in kids:
            kids[n.parent].append(n)
    for code, node in by_code.items():
        if node.level > 1 and not kids[code]:
            problems.append(f"row {node.row}: aggregate {code} has no children")
        if kids[code]:
            total = sum(k.weight for k in kids[code] if math.isfinite(k.weight))
            if not total > 0:
                problems.append(f"row {node.row}: the weights of the children of {code} sum to {total}; must be > 0")
    present = {n.level for n in nodes if n.level}
    missing = [lv for lv in range(1, max_level + 1) if lv not in present]
    if missing:
        problems.append(f"levels must run from 1 to {max_level} without gaps; missing level(s) "
                        + ", ".join(map(str, missing)))


def check_methods(fw: Framework, normalise_method: str) -> list[str]:
    """Rule 5 of §1.1: fields needed by each indicator's normalisation method. Returns the problems."""
    problems = []
    for code in fw.indicators:
        n = fw.nodes[code]
        method = n.norm_method or normalise_method
        if method == "target_ratio":
            t = n.norm_params.get("target", n.target)
            if t is None:
                problems.append(f"row {n.row}: indicator {code} has no target; target_ratio needs one")
        elif method == "goalposts":
            lo = n.norm_params.get("lower", n.goalpost_lower)
            hi = n.norm_params.get("upper", n.goalpost_upper)
            if lo is None or hi is None:
                problems.append(f"row {n.row}: indicator {code} needs goalpost_lower and goalpost_upper for goalposts")
            elif not lo < hi:
                problems.append(f"row {n.row}: indicator {code}: goalpost_lower ({lo}) must be < goalpost_upper ({hi})")
    return problems


def check_against_columns(fw: Framework, columns: list[str], group_columns: list[str], denominate: bool) -> list[str]:
    """Data-dependent framework rules: indicator and denominator columns exist; no node code equals a group or
    denominator column name (§1.1 rule 1, §1.2)."""
    problems = []
    cols = set(columns)
    for code in fw.indicators:
        if code not in cols:
            problems.append(f"row {fw.nodes[code].row}: indicator {code} has no data column")
    if denominate:
        for code, den in fw.denominators.items():
            if den not in cols:
                problems.append(f"row {fw.nodes[code].row}: indicator {code}: denominator column {den} is not in the data")
    reserved = set(group_columns) | set(fw.denominators.values())
    for n in fw.node_list:
        if n.code in reserved:
            problems.append(f"row {n.row}: node code {n.code} equals a group or denominator column name")
    return problems
