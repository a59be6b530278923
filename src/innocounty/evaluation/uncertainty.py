"""Uncertainty analysis (不确定性分析, Monte Carlo; methodology §8).

``run_uncertainty`` draws the weight pool from ``rng_weights`` and the design ``U = rng_design.random((N, d))``
(§10), maps each row to its parameters (§8.1), evaluates all replicates vectorised (:mod:`.replicates`) and
summarises the national and within-group ranks of ``uncertainty.node`` per unit (§8.3). ``run_fixed`` evaluates an
explicit list of parameter sets (fixed-parameter mode, §8.2) through the same code.
"""

from __future__ import annotations

import warnings as pywarnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import MethodError
from .replicates import (
    ReplicateRun,
    ReplicateSpec,
    UncertainInput,
    check_alternatives,
    draw_weight_pool,
    evaluate_replicates,
    map_design,
    parse_inputs,
    quantile_from_sorted,
    sorted_columns,
    spawn_rngs,
    spec_record,
)

UNCERTAINTY_KEYS = ("n", "seed", "node", "quantiles", "inputs", "year")


@dataclass
class UncertaintyResult:
    """Outputs of §8.3 plus the in-memory matrices (replicate × unit) and parameters."""

    config: dict[str, Any]
    seed: int
    year: int | None
    codes: np.ndarray
    interval_columns: list[tuple[str, np.ndarray]]          # code, nominal, mean, median, q05, q95, …
    group_interval_columns: dict[str, list[tuple[str, np.ndarray]]]
    run: ReplicateRun
    inputs: list[UncertainInput]
    specs: list[ReplicateSpec]
    U: np.ndarray
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def intervals(self):
        """rank_intervals as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(dict(self.interval_columns))

    @property
    def group_intervals(self) -> dict:
        import pandas as pd

        return {g: pd.DataFrame(dict(c)) for g, c in self.group_interval_columns.items()}

    def parameter_records(self, fw) -> list[dict[str, Any]]:
        """Every replicate's parameters in the scenario format (ids r1, r2, …)."""
        return [spec_record(fw, s, f"r{i + 1}") for i, s in enumerate(self.specs)]


def resolve_common(raw: dict[str, Any] | None, section: str, allowed, fw, n_default: int):
    """The keys the ``uncertainty`` and ``sensitivity`` sections share: unknown keys, ``n`` (integer ≥ 1),
    ``seed`` (integer ≥ 0 or absent) and ``node`` (an aggregate, default the root)."""
    raw = dict(raw or {})
    for k in raw:
        if k not in allowed:
            raise MethodError(f"method: {section}.{k}: unknown key (allowed: {', '.join(allowed)})")
    n = raw.get("n", n_default)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise MethodError(f"method: {section}.n: must be an integer >= 1, got {n!r}")
    seed = raw.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise MethodError(f"method: {section}.seed: must be an integer >= 0, got {seed!r}")
    node = raw.get("node", fw.root)
    if node not in fw.aggregates:
        raise MethodError(f"method: {section}.node: {node!r} is not an aggregate node of the framework")
    return raw, n, seed, node


def resolve_uncertainty(raw: dict[str, Any] | None, fw, n_default: int = 1000) -> tuple[dict[str, Any], list]:
    """Validate the ``uncertainty`` section; returns (resolved config, parsed inputs)."""
    raw, n, seed, node = resolve_common(raw, "uncertainty", UNCERTAINTY_KEYS, fw, n_default)
    qs = raw.get("quantiles", [0.05, 0.95])
    if not isinstance(qs, list) or not all(isinstance(q, int | float) and 0 <= q <= 1 for q in qs):
        raise MethodError(f"method: uncertainty.quantiles: must be a list of numbers in [0, 1], got {qs!r}")
    inputs = parse_inputs(raw.get("inputs"), fw, "uncertainty", n)
    cfg = {"n": n, "seed": seed, "node": node, "quantiles": list(qs), "inputs": [i.as_dict() for i in inputs],
           "year": raw.get("year")}
    return cfg, inputs


def qname(p: float) -> str:
    """Column name of a quantile: 0.05 → q05, 0.95 → q95, 0.5 → q50, 0.025 → q2.5."""
    v = p * 100
    return f"q{int(round(v)):02d}" if abs(v - round(v)) < 1e-9 else f"q{v:g}"


def rank_summary(nominal: np.ndarray, R: np.ndarray, quantiles: list[float]) -> dict[str, np.ndarray]:
    """nominal, mean, median and the quantiles of each unit's ranks over replicates (§8.3)."""
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore", RuntimeWarning)
        cnt = (~np.isnan(R)).sum(axis=0)
        total = np.nansum(R, axis=0)
        mean = np.where(cnt > 0, total / np.maximum(cnt, 1), np.nan)
    srt, k = sorted_columns(R)
    out = {"nominal": nominal, "mean": mean, "median": quantile_from_sorted(srt, k, 0.5)}
    for q in quantiles:
        out[qname(q)] = quantile_from_sorted(srt, k, q)
    return out


def pick_year(engine, year: Any) -> int | None:
    if year is None:
        return engine.years[-1]
    if year not in engine.years:
        raise MethodError(f"method: uncertainty.year: {year!r} is not a year of the data")
    return year


def summarise(engine, nominal_result, run: ReplicateRun, year, node: str, quantiles: list[float],
              group_by: list[str]) -> tuple[list, dict[str, list]]:
    """The rank_intervals columns (national, and per group column)."""
    yres = nominal_result.by_year[year]
    a = yres.arrays
    pos = (yres.indicators + yres.aggregates).index(node)
    lead = [("code", yres.codes)]
    if engine.data.has_year:
        lead.append(("year", np.full(len(yres.codes), year)))
    nat = lead + list(rank_summary(a.ranks[:, pos], run.ranks, quantiles).items())
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore", RuntimeWarning)
        nat.append(("mean_score", np.nanmean(run.scores, axis=0)))
    srt, k = sorted_columns(run.scores)
    for q in quantiles:
        nat.append((f"{qname(q)}_score", quantile_from_sorted(srt, k, q)))
    groups = {}
    for g in group_by:
        cols = lead + list(rank_summary(a.group_ranks[g][:, pos], run.group_ranks[g], quantiles).items())
        values = yres.meta_columns.get(g)
        cols.append((g, values if values is not None else engine.data.columns[g][yres.rows]))
        groups[g] = cols
    return nat, groups


def run_uncertainty(engine, m: dict[str, Any], weights: dict[str, float], nominal_result,
                    n: int | None = None, seed: int | None = None) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis (§8) of ``m["uncertainty"]`` (``n``/``seed`` override it)."""
    raw = dict(m.get("uncertainty") or {})
    if n is not None:
        raw["n"] = n
    if seed is not None:
        raw["seed"] = seed
    cfg, inputs = resolve_uncertainty(raw, engine.fw)
    check_alternatives(m, inputs, "uncertainty")
    seed_used, rng_design, rng_weights, _rng_boot = spawn_rngs(cfg["seed"])
    cfg["seed"] = seed_used
    pools = {j: draw_weight_pool(engine.fw, weights, inp, rng_weights)
             for j, inp in enumerate(inputs) if inp.kind == "weights"}
    U = rng_design.random((cfg["n"], len(inputs)))
    specs = map_design(inputs, U, pools)
    year = pick_year(engine, cfg["year"])
    cfg["year"] = year
    run = evaluate_replicates(engine, m, weights, specs, year, cfg["node"], m["group_by"])
    nat, groups = summarise(engine, nominal_result, run, year, cfg["node"], cfg["quantiles"], m["group_by"])
    share = eligible_share(engine, m, run, year)
    if share is not None:
        nat.append(("eligible_share", share))
    failures = [{"replicate": r + 1, "error": msg, "parameters": spec_record(engine.fw, specs[r], f"r{r + 1}")}
                for r, msg in sorted(run.failures.items())]
    return UncertaintyResult(cfg, seed_used, year, nominal_result.by_year[year].codes, nat, groups, run, inputs,
                             specs, U, failures)


def eligible_share(engine, m: dict[str, Any], run: ReplicateRun, year) -> np.ndarray | None:
    """§8.3 ``eligible_share``: the share of successful replicates in which the unit passes the §5 composite
    test (on its within-group rank of the uncertainty node). Only when the method has an ``eligibility`` section
    and its group column is in the data."""
    if "eligibility" not in m:
        return None
    try:
        from .eligibility import composite_pass, parse_eligibility_config
    except ImportError:
        return None
    cfg = parse_eligibility_config(m["eligibility"])
    if cfg.group not in engine.data.columns:
        return None
    from .rank import ranks_with_groups

    index = engine.group_rows(cfg.group, year)
    rg = run.group_ranks.get(cfg.group)
    if rg is None:
        rg = ranks_with_groups(run.scores, {cfg.group: index})[1][cfg.group]
    valid = ~np.isnan(run.scores)
    n_g = np.full(run.scores.shape, np.nan)
    for rows in index:
        n_g[:, rows] = valid[:, rows].sum(axis=1)[:, None]
    passes, _ = composite_pass(rg, n_g, cfg)
    ok = np.ones(run.scores.shape[0], dtype=bool)
    ok[list(run.failures)] = False
    if not ok.any():
        return np.full(run.scores.shape[1], np.nan)
    return passes[ok].mean(axis=0)


def run_fixed(engine, m: dict[str, Any], weights: dict[str, float], records: list[dict[str, Any]],
              year: int | None = None, node: str | None = None) -> ReplicateRun:
    """Fixed-parameter mode (§8.2): evaluate explicit parameter sets (scenario format: ``weights`` node → weight,
    ``method`` overrides) exactly, without sampling."""
    from .weights import resolve_weights, weight_matrix

    specs = []
    for rec in records:
        w = None
        if rec.get("weights"):
            w = weight_matrix(engine.fw, [resolve_weights(engine.fw, None, {**weights, **rec["weights"]})])[0]
        specs.append(ReplicateSpec(dict(rec.get("method") or {}), w))
    yr = engine.years[-1] if year is None else year
    return evaluate_replicates(engine, m, weights, specs, yr, node or engine.fw.root, m["group_by"])
