"""The evaluation pipeline (methodology §2.0): raw → denominate → screen → impute → treat → normalise → weights →
aggregate → rank, once per year.

RESULT API (for groups.py, eligibility.py, strengths.py, timeseries.py and the platform)::

    from innocounty.evaluation.pipeline import evaluate
    result = evaluate(data, framework, method=None)   # data: path | DataFrame | UnitData; framework: path | name
                                                      # | Framework; method: dict | YAML path | None (defaults)
    result.framework            Framework: .indicators (row order), .aggregates (bottom-up, root last), .root,
                                .children[code], .nodes[code] (.name, .name_en, .direction, .level, .parent, …)
    result.method               resolved method dict; sections groups / eligibility / strengths / chain are the
                                raw dicts of the method file (absent when not given)
    result.weights              {code: weight};  result.effective_weights  {code: effective weight} (§3)
    result.data                 UnitData (.columns: numpy arrays by column; .frame: the same as a DataFrame;
                                .has_year)
    result.years                sorted years ([None] for a single cross-section)
    result.by_year[year]        YearResult:
        .codes, .rows           unit codes (input order) and their row positions in the input table
        .meta                   DataFrame (index code): name, year, group columns
        .status                 Series "ok" | "screened_out";  .coverage  Series
        .stages[name]           DataFrame (index code) for Raw, Denominated, Screened (screened-out rows NaN),
                                Imputed, Treated, Normalised (indicator columns), Aggregated (indicators +
                                aggregates)
        .scores                 DataFrame of the aggregate columns;  .ranks  national ranks of every node
        .group_ranks[G]         within-group ranks of every node, for each G in method["group_by"]
        .imputation_flags, .treatment_flags, .treatment, .warnings
    result.table(stage)         any of the above over all years, input order, with code (and year) columns
    result.warnings

The :class:`Engine` caches the stages per distinct upstream configuration, so re-running with other weights or
another normalisation (scenarios, §8 replicates) reuses everything upstream of the change. Replicates use
:meth:`Engine.replicate_scores`, which calls the same aggregation code as a single run with an (R × nodes)
weight matrix, so a replicate's result is identical to the single run with its parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import data as data_mod
from .aggregate import aggregate_all
from .denominate import denominate_matrix
from .errors import DataError, FrameworkError, StageError
from .framework import Framework, check_against_columns, check_methods, load_framework
from .impute import impute
from .method import ABSOLUTE_METHODS, load_method, resolve_method
from .normalise import indicator_norms, normalise_year
from .rank import group_index, ranks_with_groups
from .results import EvaluationResult, YearArrays, YearResult
from .screen import screen
from .treat import treat
from .weights import resolve_weights, weight_matrix

__all__ = ["Engine", "EvaluationResult", "YearResult", "evaluate", "prepare"]


@dataclass
class Upstream:
    """Per-year arrays of the stages up to Normalised for one upstream configuration."""

    den: dict = field(default_factory=dict)
    included: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)
    imputed: dict = field(default_factory=dict)
    imp_flags: dict = field(default_factory=dict)
    treated: dict = field(default_factory=dict)
    treat_flags: dict = field(default_factory=dict)
    treat_records: dict = field(default_factory=dict)
    normalised: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _key(*parts: Any) -> str:
    return json.dumps(parts, sort_keys=True, default=str)


class Engine:
    """Holds the validated inputs of one run and caches upstream stages per configuration."""

    def __init__(self, data: data_mod.UnitData, fw: Framework):
        self.data = data
        self.fw = fw
        cols = data.columns
        self.years = data.years
        self.rows = data.rows_by_year
        all_codes = cols["code"]
        self.codes = {y: all_codes[r] for y, r in self.rows.items()}
        raw = np.column_stack([cols[c] for c in fw.indicators]) if fw.indicators else np.zeros((len(data), 0))
        self.raw = {y: raw[r] for y, r in self.rows.items()}
        self._cache: dict[str, Any] = {}
        self._groups: dict[str, dict] = {}

    def label(self, year: int | None) -> str:
        return "" if year is None else f" ({year})"

    def groups(self, column: str, year: int | None) -> np.ndarray | None:
        if column not in self.data.columns:
            return None
        col = self.data.columns[column]
        return np.array([None if v is None else str(v) for v in col[self.rows[year]]], dtype=object)

    def group_rows(self, column: str, year: int | None) -> list[np.ndarray]:
        key = (column, year)
        if key not in self._groups:
            self._groups[key] = group_index(self.groups(column, year))
        return self._groups[key]

    # -- upstream stages ---------------------------------------------------------------------------------
    def _denominated(self, m: dict) -> Upstream:
        key = _key("den", m["denominate"], m["screen"])
        if key in self._cache:
            return self._cache[key]
        up = Upstream()
        cols = self.data.columns
        for y in self.years:
            rows, lab = self.rows[y], self.label(y)
            dens = {}
            if m["denominate"]:
                for code, col in self.fw.denominators.items():
                    dens[code] = (cols[col][rows], self.fw.nodes[code].scale_factor)
            den, w = denominate_matrix(self.raw[y], self.fw.indicators, dens, self.codes[y], lab)
            up.warnings += w
            inc, cov = screen(den, self.codes[y], m["screen"])
            up.den[y], up.included[y], up.coverage[y] = den, inc, cov
        self._cache[key] = up
        return up

    def _imputed(self, m: dict) -> Upstream:
        key = _key("imp", m["denominate"], m["screen"], m["impute"])
        if key in self._cache:
            return self._cache[key]
        base = self._denominated(m)
        up = Upstream(den=base.den, included=base.included, coverage=base.coverage, warnings=list(base.warnings))
        cfg = m["impute"]
        uses_cf = cfg["method"] == "carry_forward"
        if uses_cf and len([y for y in self.years if y is not None]) < 2:
            raise StageError("impute: carry_forward needs a year column with at least two years", stage="impute")
        by = cfg["by"] if "group_mean" in (cfg["method"], cfg["then"] if uses_cf else None) else None
        if by is not None and by not in self.data.columns:
            raise DataError(f"impute: group_mean needs the data column {by!r}, which is missing", column=by)
        for i, y in enumerate(self.years):
            x = np.where(base.included[y][:, None], base.den[y], np.nan)
            earlier = [(py, self.codes[py], base.den[py]) for py in reversed(self.years[:i])] if uses_cf else None
            imp, flags, w = impute(x, base.included[y], cfg, self.fw.indicators, self.label(y),
                                   self.groups(by, y) if by else None, self.codes[y], earlier)
            up.imputed[y], up.imp_flags[y] = imp, flags
            up.warnings += w
        self._cache[key] = up
        return up

    def norms(self, m: dict):
        key = _key("norms", m["normalise"])
        if key not in self._cache:
            problems = check_methods(self.fw, m["normalise"]["method"])
            if problems:
                raise FrameworkError(problems, file=self.fw.source)
            self._cache[key] = indicator_norms(self.fw, m["normalise"])
        return self._cache[key]

    def _treated(self, m: dict) -> Upstream:
        norms = self.norms(m)
        skip = {c for c in self.fw.indicators if self.fw.nodes[c].treat == "none"}
        if not m["treat"]["treat_absolute"]:
            skip |= {c for c, nm in norms.items() if nm.method in ABSOLUTE_METHODS}
        key = _key("treat", m["denominate"], m["screen"], m["impute"], m["treat"], sorted(skip))
        if key in self._cache:
            return self._cache[key]
        base = self._imputed(m)
        up = Upstream(den=base.den, included=base.included, coverage=base.coverage, imputed=base.imputed,
                      imp_flags=base.imp_flags, warnings=list(base.warnings))
        for y in self.years:
            t, f, recs, w = treat(base.imputed[y], base.included[y], m["treat"], self.fw.indicators, skip,
                                  self.label(y))
            up.treated[y], up.treat_flags[y], up.treat_records[y] = t, f, recs
            up.warnings += w
        self._cache[key] = up
        return up

    def upstream(self, m: dict) -> Upstream:
        """All stages up to Normalised for the resolved method ``m`` (cached)."""
        base = self._treated(m)
        key = _key("norm", m["denominate"], m["screen"], m["impute"], m["treat"], m["normalise"])
        if key in self._cache:
            return self._cache[key]
        up = Upstream(**{k: getattr(base, k) for k in ("den", "included", "coverage", "imputed", "imp_flags",
                                                           "treated", "treat_flags", "treat_records")},
                      warnings=list(base.warnings))
        cfg = m["normalise"]
        norms = self.norms(m)
        pools = None
        if cfg["pooling"] == "pooled":
            years = [y for y in self.years if cfg["pool_years"] is None or y in cfg["pool_years"]]
            pools = {c: np.concatenate([base.treated[y][:, k] for y in years])
                     for k, c in enumerate(self.fw.indicators)}
        for y in self.years:
            nrm, w = normalise_year(base.treated[y], norms, self.fw.indicators, self.label(y), cfg["degenerate"],
                                    pools, self.codes[y])
            up.normalised[y] = nrm
            up.warnings += w
        self._cache[key] = up
        return up

    # -- aggregation ---------------------------------------------------------------------------------------
    def replicate_scores(self, m: dict, weights: np.ndarray, year: int | None, keep: list[str] | None = None):
        """Aggregate one year for a batch of weight sets (R × nodes) under the resolved method ``m``.
        Returns an :class:`~.aggregate.AggregateOutcome` (scores (R, n) per node, failures by replicate)."""
        up = self.upstream(m)
        return aggregate_all(self.fw, up.normalised[year], weights, m["aggregate"], self.codes[year],
                             self.label(year), keep)

    def run(self, m: dict, weights: dict[str, float]) -> EvaluationResult:
        """The full nominal pipeline for the resolved method ``m`` and resolved ``weights``."""
        fw = self.fw
        up = self.upstream(m)
        wmat = weight_matrix(fw, [weights])
        warnings = list(self.data.warnings) + list(up.warnings)
        by_year = {}
        meta_cols = [c for c in dict.fromkeys(["name", *m["group_by"]]) if c in self.data.columns and c != "year"]
        all_nodes = fw.indicators + fw.aggregates
        for y in self.years:
            codes = self.codes[y]
            out = aggregate_all(fw, up.normalised[y], wmat, m["aggregate"], codes, self.label(y))
            if out.failures:
                raise StageError(out.failures[0], stage="aggregate")
            warnings += out.warnings
            agg = np.column_stack([out.scores[c][0] for c in all_nodes])
            screened = np.where(up.included[y][:, None], up.den[y], np.nan)
            nat, grp = ranks_with_groups(agg.T, {g: self.group_rows(g, y) for g in m["group_by"]})
            arrays = YearArrays(
                stages={"Raw": self.raw[y], "Denominated": up.den[y], "Screened": screened,
                        "Imputed": up.imputed[y], "Treated": up.treated[y], "Normalised": up.normalised[y],
                        "Aggregated": agg},
                included=up.included[y], coverage=up.coverage[y], ranks=nat.T,
                group_ranks={g: r.T for g, r in grp.items()}, imputation_flags=up.imp_flags[y],
                treatment_flags=up.treat_flags[y], treatment=up.treat_records[y])
            meta = {c: self.data.columns[c][self.rows[y]] for c in meta_cols}
            by_year[y] = YearResult(y, self.rows[y], codes, arrays, list(fw.indicators), list(fw.aggregates), meta,
                                    out.warnings)
        return EvaluationResult(fw, m, dict(weights), fw.effective_weights(weights), self.data, self.years,
                                by_year, warnings)


# -- entry points --------------------------------------------------------------------------------------------

def prepare(data: Any, framework: Any, method: Any = None) -> tuple[Engine, dict[str, Any]]:
    """Load and validate framework, method and data; return (engine, resolved method)."""
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    user = load_method(method) if isinstance(method, str | Path) else (method or {})
    m = user if "_group_by_default" in user else resolve_method(user)
    dens = list(fw.denominators.values()) if m["denominate"] else []
    text_cols = [*m["group_by"], m["impute"]["by"]]
    if isinstance(data, data_mod.UnitData):
        ud = data
    elif hasattr(data, "columns") and hasattr(data, "iloc"):   # a pandas DataFrame
        ud = data_mod.from_frame(data, fw.indicators, dens, text_cols)
    else:
        ud = data_mod.load_data(data, fw.indicators, dens, text_cols)
    imp = m["impute"]
    uses_by = "group_mean" in (imp["method"], imp["then"] if imp["method"] == "carry_forward" else None)
    problems = check_against_columns(fw, ud.column_names, [*m["group_by"], *([imp["by"]] if uses_by else [])],
                                     m["denominate"])
    if problems:
        raise FrameworkError(problems, file=fw.source)
    missing = [g for g in m["group_by"] if g not in ud.columns]
    if missing:
        if m.get("_group_by_default"):
            m = {**m, "group_by": [g for g in m["group_by"] if g in ud.columns]}
            ud.warnings.append(f"rank: group column {', '.join(missing)} is not in the data; no group ranks")
        else:
            raise DataError(f"group_by column(s) not in the data: {', '.join(missing)}", file=ud.path,
                            column=missing[0])
    return Engine(ud, fw), m


def evaluate(data: Any, framework: Any, method: Any = None, *,
             weights: dict[str, float] | None = None) -> EvaluationResult:
    """Run the whole pipeline (§2) on every year of ``data``. ``weights`` overrides node weights (§8.4)."""
    engine, m = prepare(data, framework, method)
    w = resolve_weights(engine.fw, m["weights"], weights)
    return engine.run(m, w)
