"""Performance groups (分档/分组), methodology §4.

Two configurable schemes classify one node's scores (``groups.node``, default the root):

* **relative** (EIS style): ``ratio = 100 · s_u / ref`` with ``ref`` the unweighted mean of the node's
  non-missing scores over the reference set (``groups.reference``: ``"national"`` (default),
  ``"group:<column>"`` (the unit's own group) or a fixed number). ``ref ≤ 0`` is an error. Default classes
  Leader (ratio > 125, strict), Strong (≥ 100), Moderate (≥ 70), Emerging (the rest).
* **fixed** (Hebei style, 冀政办字〔2019〕9号): A (score ≥ 80), B (≥ 60), C (the rest). A warning is raised
  when the node's indicators were normalised relatively (minmax, zscore, rank, prank).

A class list runs from best to worst; each class has a lower bound and a ``strict`` flag (``>`` instead of
``≥``); a unit gets the first class whose bound it meets, the last class takes the rest, and a missing
score gets a missing class.

Method section (every key optional)::

    groups:
      node: INDEX
      reference: national            # | "group:province" | 55.0
      relative: {bounds: [125, 100, 70], strict: [true, false, false],
                 labels: [Leader, Strong, Moderate, Emerging], names: [创新领先, 创新强劲, 创新中等, 创新起步]}
      fixed: {bounds: [80, 60], strict: false, labels: [A, B, C]}
      # relative: false  or  fixed: false  switches a scheme off
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from innocounty.evaluation import _adapt
from innocounty.evaluation import _sections as sec
from innocounty.evaluation.cutoffs import group_codes

if TYPE_CHECKING:
    from innocounty.evaluation.results import EvaluationResult

RELATIVE_METHODS = frozenset({"minmax", "zscore", "rank", "prank"})

_SECTION_KEYS = ("node", "reference", "relative", "fixed")
_SCHEME_KEYS = ("bounds", "strict", "labels", "names")


class GroupsError(sec.SectionError):
    """An invalid ``groups`` section (§4, §12.1)."""


class GroupsReferenceError(sec.AnalysisError):
    """§4: the reference value of the relative scheme is ≤ 0 ("ERROR if ref ≤ 0")."""

    def __init__(self, message: str) -> None:
        super().__init__(message, stage="groups")


@dataclass(frozen=True)
class ClassScheme:
    """An ordered class list, best first; ``labels`` has one entry more than ``bounds``."""

    bounds: tuple[float, ...]
    strict: tuple[bool, ...]
    labels: tuple[str, ...]
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if len(self.strict) != len(self.bounds):
            raise GroupsError("strict must have one flag per bound")
        if len(self.labels) != len(self.bounds) + 1:
            raise GroupsError(
                f"labels must have len(bounds) + 1 = {len(self.bounds) + 1} entries, got {len(self.labels)}"
            )
        if self.names is not None and len(self.names) != len(self.labels):
            raise GroupsError(f"names must have {len(self.labels)} entries like labels, got {len(self.names)}")
        if len(set(self.labels)) != len(self.labels):
            raise GroupsError(f"labels must be distinct, got {list(self.labels)}")
        for i in range(len(self.bounds) - 1):
            hi, lo = self.bounds[i], self.bounds[i + 1]
            # A later class must be reachable: bounds never increase, and an equal bound needs
            # "> b" before "≥ b".
            if hi < lo or (hi == lo and not (self.strict[i] and not self.strict[i + 1])):
                raise GroupsError(f"bounds must run from best to worst, got {list(self.bounds)}")

    def classify(self, values: Sequence[float] | np.ndarray) -> np.ndarray:
        """Class index per value (0 = best), -1 for a missing value."""
        x = np.asarray(values, dtype=np.float64)
        out = np.full(x.shape, -1, dtype=np.int64)
        todo = ~np.isnan(x)
        for i, (bound, strict) in enumerate(zip(self.bounds, self.strict, strict=True)):
            meets = todo & ((x > bound) if strict else (x >= bound))
            out[meets] = i
            todo &= ~meets
        out[todo] = len(self.bounds)
        return out

    def label(self, values: Sequence[float] | np.ndarray) -> np.ndarray:
        """Class labels (object array, ``None`` for missing)."""
        return _take(self.labels, self.classify(values))

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"bounds": list(self.bounds), "strict": list(self.strict), "labels": list(self.labels)}
        if self.names is not None:
            d["names"] = list(self.names)
        return d


RELATIVE_DEFAULT = ClassScheme(
    bounds=(125.0, 100.0, 70.0),
    strict=(True, False, False),
    labels=("Leader", "Strong", "Moderate", "Emerging"),
    names=("创新领先", "创新强劲", "创新中等", "创新起步"),
)
FIXED_DEFAULT = ClassScheme(bounds=(80.0, 60.0), strict=(False, False), labels=("A", "B", "C"))


@dataclass(frozen=True)
class GroupsConfig:
    """Resolved ``groups`` section; ``node=None`` means the root. ``reference`` is ``"national"``,
    ``"group:<column>"`` or a float."""

    node: str | None = None
    reference: str | float = "national"
    relative: ClassScheme | None = RELATIVE_DEFAULT
    fixed: ClassScheme | None = FIXED_DEFAULT

    @property
    def reference_column(self) -> str | None:
        if isinstance(self.reference, str) and self.reference.startswith("group:"):
            return self.reference[len("group:") :]
        return None

    def as_dict(self) -> dict[str, Any]:
        """The rule as applied, every default written out (for the manifest, §10)."""
        return {
            "node": self.node,
            "reference": self.reference,
            "relative": self.relative.as_dict() if self.relative else False,
            "fixed": self.fixed.as_dict() if self.fixed else False,
        }


def _take(labels: Sequence[str], idx: np.ndarray) -> np.ndarray:
    out = np.empty(idx.shape, dtype=object)
    out[:] = None
    ok = idx >= 0
    out[ok] = np.asarray(labels, dtype=object)[idx[ok]]
    return out


def _parse_scheme(raw: Any, where: str, default: ClassScheme) -> ClassScheme | None:
    if raw is False or raw is None:
        return None if raw is False else default
    if raw is True:
        return default
    d = sec.mapping(raw, where, _SCHEME_KEYS)
    if "bounds" in d:
        b = d["bounds"]
        if not isinstance(b, list | tuple) or not b:
            raise GroupsError(f"method: {where}.bounds must be a non-empty list of numbers, got {b!r}")
        bounds = tuple(sec.number(v, f"{where}.bounds") for v in b)
    else:
        bounds = default.bounds
    same_shape = len(bounds) == len(default.bounds)
    if "strict" in d:
        s = d["strict"]
        if isinstance(s, bool):
            strict = (s,) * len(bounds)
        elif isinstance(s, list | tuple) and len(s) == len(bounds):
            strict = tuple(sec.boolean(v, f"{where}.strict") for v in s)
        else:
            raise GroupsError(f"method: {where}.strict must be true/false or a list of {len(bounds)} flags")
    else:
        strict = default.strict if same_shape else (default.strict[0],) + (False,) * (len(bounds) - 1)
    if "labels" in d:
        labels = _strings(d["labels"], f"{where}.labels")
    elif same_shape:
        labels = default.labels
    else:
        raise GroupsError(f"method: {where}.labels is required when bounds has {len(bounds)} entries")
    if "names" in d:
        names = _strings(d["names"], f"{where}.names")
    else:
        names = default.names if ("labels" not in d and same_shape) else None
    try:
        return ClassScheme(bounds=bounds, strict=strict, labels=labels, names=names)
    except GroupsError as exc:
        raise GroupsError(f"method: {where}: {exc}") from None


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str | int) for v in raw):
        raise GroupsError(f"method: {where} must be a list of strings, got {raw!r}")
    return tuple(str(v) for v in raw)


def parse_groups_config(raw: Mapping[str, Any] | None) -> GroupsConfig:
    """Validate the ``groups`` section (§4, §12.1); unknown keys or values raise :class:`GroupsError`."""
    d = sec.mapping(raw, "groups", _SECTION_KEYS)
    node = sec.code(d.get("node"), "groups.node")
    ref = d.get("reference", "national")
    if isinstance(ref, str):
        if ref != "national" and not (ref.startswith("group:") and ref[len("group:") :].strip()):
            raise GroupsError(f"method: groups.reference must be 'national', 'group:<column>' or a number, got {ref!r}")
        if ref.startswith("group:"):
            ref = "group:" + ref[len("group:") :].strip()
    else:
        ref = sec.number(ref, "groups.reference")
        if ref <= 0:
            raise GroupsError(f"method: groups.reference must be > 0, got {ref!r}")
    relative = _parse_scheme(d.get("relative"), "groups.relative", RELATIVE_DEFAULT)
    fixed = _parse_scheme(d.get("fixed"), "groups.fixed", FIXED_DEFAULT)
    if relative is None and fixed is None:
        raise GroupsError("method: groups: both schemes are switched off (relative: false, fixed: false)")
    return GroupsConfig(node=node, reference=ref, relative=relative, fixed=fixed)


def _mean(v: np.ndarray) -> float:
    """Unweighted mean with a correctly rounded sum (``math.fsum``), so it does not depend on unit order."""
    return math.fsum(v.tolist()) / v.size


def reference_values(
    scores: Sequence[float] | np.ndarray,
    reference: str | float = "national",
    groups: Sequence[Any] | pd.Series | None = None,
    *,
    node: str = "",
) -> np.ndarray:
    """Per-unit reference value ``ref`` of §4 (unweighted mean of the non-missing scores).

    ``reference="national"``: one mean over all units; ``"group:<col>"``: the mean within the unit's group
    (``groups`` gives the labels; a unit without a group gets NaN); a number: that number. The sum is
    ``math.fsum`` (correctly rounded), so the reference does not depend on the order of the units. Raises
    :class:`GroupsReferenceError` (a stage error) if any reference that is used is ≤ 0.
    """
    s = np.asarray(scores, dtype=np.float64)
    ref = np.full(s.shape, np.nan)
    if not isinstance(reference, str):
        value = float(reference)
        if not value > 0:
            raise GroupsReferenceError(f"groups: reference value for node {node} is {value!r} <= 0")
        ref[:] = value
        return ref
    if reference == "national":
        v = s[~np.isnan(s)]
        if v.size:
            m = _mean(v)
            if m <= 0:
                raise GroupsReferenceError(
                    f"groups: national mean of node {node} is {m!r} <= 0; the relative scheme needs scores "
                    "where 0 means nothing (minmax [0, 100] or target_ratio), not z-scores"
                )
            ref[:] = m
        return ref
    if groups is None:
        raise GroupsReferenceError(f"groups: reference {reference!r} needs group values")
    labels = pd.Series(list(groups) if not isinstance(groups, pd.Series) else groups.to_numpy(), dtype=object)
    codes = group_codes(labels)
    for g in np.unique(codes[codes >= 0]):
        idx = np.flatnonzero(codes == g)
        v = s[idx][~np.isnan(s[idx])]
        if v.size == 0:
            continue
        m = _mean(v)
        if m <= 0:
            raise GroupsReferenceError(
                f"groups: mean of node {node} within {reference[len('group:') :]} = {labels.iloc[idx[0]]} "
                f"is {m!r} <= 0; the relative scheme needs scores where 0 means nothing"
            )
        ref[idx] = m
    return ref


def performance_groups(
    scores: pd.Series,
    config: GroupsConfig | Mapping[str, Any] | None = None,
    *,
    node: str | None = None,
    group_values: pd.Series | None = None,
    indicator_methods: Mapping[str, str] | None = None,
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """Classify ``scores`` (one node, indexed by unit code, input order) under both §4 schemes.

    ``group_values`` holds the unit's value of the ``group:<column>`` reference column (needed only for
    that reference). ``indicator_methods`` maps each indicator below the node to its normalisation
    method; relative methods under a fixed scheme raise the §4 warning.

    Returns one row per unit: ``code, node, score, [<column>,] reference, ratio, relative_class,
    relative_class_name, fixed_class`` (scheme columns only for schemes that are on). The warnings are in
    ``df.attrs["warnings"]``.
    """
    cfg = config if isinstance(config, GroupsConfig) else parse_groups_config(config)
    log = sec.WarningLog(warn)
    node = node or cfg.node or ""
    s = pd.to_numeric(scores, errors="raise").to_numpy(dtype=np.float64)
    out = pd.DataFrame({"code": scores.index.astype(str), "node": node, "score": s})
    methods = dict(indicator_methods or {})
    if cfg.relative is not None:
        col = cfg.reference_column
        if col is not None:
            if group_values is None:
                raise GroupsError(f"groups: reference {cfg.reference!r} needs the column {col}")
            gv = pd.Series(group_values.to_numpy(), dtype=object)
            out[col] = gv.where(gv.notna(), None).to_numpy()
        else:
            gv = None
        zs = sorted(i for i, m in methods.items() if m == "zscore")
        if zs:
            log(f"groups: the relative scheme on node {node} uses z-scores ({', '.join(zs)}); "
                "a ratio to the mean only makes sense when 0 means nothing")
        ref = reference_values(s, cfg.reference, gv, node=node)
        out["reference"] = ref
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = 100.0 * s / ref
        out["ratio"] = ratio
        out["relative_class"] = cfg.relative.label(ratio)
        if cfg.relative.names is not None:
            out["relative_class_name"] = _take(cfg.relative.names, cfg.relative.classify(ratio))
    if cfg.fixed is not None:
        rel = sorted(i for i, m in methods.items() if m in RELATIVE_METHODS)
        if rel:
            log(f"groups: fixed thresholds {list(cfg.fixed.bounds)} applied to node {node}, whose indicators "
                f"were normalised relatively ({', '.join(f'{i}: {methods[i]}' for i in rel)}); the class "
                "depends on the other units in the run")
        out["fixed_class"] = cfg.fixed.label(s)
    out.attrs["warnings"] = log.messages
    out.attrs["rule"] = {**cfg.as_dict(), "node": node}
    return out


def compute_groups(result: EvaluationResult, cfg: GroupsConfig | Mapping[str, Any] | None = None, *,
                   warn: sec.WarnFn | None = None) -> pd.DataFrame | None:
    """§4 on a pipeline result, every year, units in input order (``groups.csv``).

    ``cfg`` defaults to the method's ``groups`` section. Warnings go to ``warn`` or, by default, to
    ``result.warnings``. If the ``group:<column>`` reference column is not in the data the relative scheme
    is skipped with a warning (§12.2); if nothing is left to compute, returns None.
    """
    config = cfg if isinstance(cfg, GroupsConfig) else parse_groups_config(
        result.method.get("groups") if cfg is None else cfg)
    log = _adapt.sink(result, warn)
    fw = result.framework
    node = _adapt.check_node(fw, config.node, "groups")
    methods = _adapt.norm_methods(result)
    under = {i: methods[i] for i in _adapt.indicators_below(fw, node)}
    col = config.reference_column
    if col is not None and col not in result.data.frame.columns:
        log(f"groups: reference column {col!r} is not in the data; the relative scheme is skipped")
        config = replace(config, relative=None)
        if config.fixed is None:
            return None
    parts = []
    messages: list[str] = []
    for year in result.years:
        yres = result.by_year[year]
        gv = _adapt.column_values(result, yres, col) if col and config.relative else None
        try:
            df = performance_groups(yres.stages["Aggregated"][node], config, node=node, group_values=gv,
                                    indicator_methods=under, warn=messages.append)
        except GroupsReferenceError as exc:
            raise GroupsReferenceError(f"{exc.message}{'' if year is None else f' ({year})'}") from None
        parts.append((yres, df))
    for m in dict.fromkeys(messages):  # once per run, not once per year
        log(m)
    out = _adapt.stack(result, parts, per_unit=True)
    out.attrs["warnings"] = list(dict.fromkeys(messages))
    return out
