"""Variance-based sensitivity analysis (敏感性分析, methodology §9): Saltelli design, first-order (Saltelli 2010)
and total-order (Jansen) indices of the mean absolute rank shift, with bootstrap intervals.

Design: Ubase = rng_design.random((N, 2d)); A = Ubase[:, :d]; B = Ubase[:, d:]; AB_i = A with column i from B;
runs in the order A, B, AB_1 … AB_d (N(d + 2) pipeline runs, evaluated vectorised by :mod:`.replicates`).
Bootstrap: for b = 1..Nboot, for each i ``rng_boot.integers(0, N, size=N)`` for S_i, then for each i a fresh draw
for ST_i; V is not recomputed. Quantiles are linear (§0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import MethodError
from .replicates import (
    ReplicateRun,
    UncertainInput,
    check_alternatives,
    draw_weight_pool,
    evaluate_replicates,
    map_design,
    parse_inputs,
    spawn_rngs,
)
from .uncertainty import pick_year, resolve_common

SENSITIVITY_KEYS = ("n", "Nboot", "seed", "node", "rank_type", "inputs", "year", "group")


@dataclass
class SensitivityResult:
    config: dict[str, Any]
    seed: int
    table: pd.DataFrame          # factor, Si, STi, Si_q05, Si_q95, STi_q05, STi_q95
    y: np.ndarray                # output per run, N(d + 2)
    run: ReplicateRun
    inputs: list[UncertainInput]
    warnings: list[str] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)


def resolve_sensitivity(raw: dict[str, Any] | None, fw, uncertainty_inputs: Any, group_by: list[str]):
    raw, n, seed, node = resolve_common(raw, "sensitivity", SENSITIVITY_KEYS, fw, 500)
    nboot = raw.get("Nboot", 1000)
    if isinstance(nboot, bool) or not isinstance(nboot, int) or nboot < 1:
        raise MethodError(f"method: sensitivity.Nboot: must be an integer >= 1, got {nboot!r}")
    rank_type = raw.get("rank_type", "national")
    if rank_type not in ("national", "group"):
        raise MethodError(f"method: sensitivity.rank_type: unknown value {rank_type!r} (national | group)")
    group = raw.get("group", group_by[0] if group_by else None)
    if rank_type == "group" and group not in group_by:
        raise MethodError("method: sensitivity.rank_type: group ranks need a group_by column")
    inputs = parse_inputs(raw.get("inputs", uncertainty_inputs), fw, "sensitivity", n)
    if len(inputs) < 2:
        raise MethodError("method: sensitivity: needs at least 2 uncertain inputs (with one input use the "
                          "uncertainty analysis)")
    cfg = {"n": n, "Nboot": nboot, "seed": seed, "node": node, "rank_type": rank_type, "group": group,
           "inputs": [i.as_dict() for i in inputs], "year": raw.get("year")}
    return cfg, inputs


def saltelli_design(U: np.ndarray, d: int) -> np.ndarray:
    """Rows A, B, AB_1 … AB_d from Ubase (N × 2d)."""
    A, B = U[:, :d], U[:, d:]
    blocks = [A, B]
    for i in range(d):
        ab = A.copy()
        ab[:, i] = B[:, i]
        blocks.append(ab)
    return np.vstack(blocks)


def indices(y: np.ndarray, N: int, d: int, nboot: int, rng_boot: np.random.Generator) -> dict[str, np.ndarray]:
    """S_i, ST_i and bootstrap quantiles from the run outputs ``y`` (A, B, AB_1 … AB_d blocks)."""
    yA, yB = y[:N], y[N:2 * N]
    V = np.var(np.concatenate([yA, yB]), ddof=1)
    S = np.empty(d)
    ST = np.empty(d)
    s_terms, st_terms = [], []
    for i in range(d):
        yAB = y[(2 + i) * N:(3 + i) * N]
        t1 = yB * (yAB - yA)
        t2 = (yA - yAB) ** 2
        s_terms.append(t1)
        st_terms.append(t2)
        S[i] = np.mean(t1) / V
        ST[i] = np.sum(t2) / (2 * N * V)
    Sb = np.empty((nboot, d))
    STb = np.empty((nboot, d))
    for b in range(nboot):
        for i in range(d):
            idx = rng_boot.integers(0, N, size=N)
            Sb[b, i] = np.mean(s_terms[i][idx]) / V
        for i in range(d):
            idx = rng_boot.integers(0, N, size=N)
            STb[b, i] = np.sum(st_terms[i][idx]) / (2 * N * V)
    q = [0.05, 0.95]
    sq = np.quantile(Sb, q, axis=0, method="linear")
    stq = np.quantile(STb, q, axis=0, method="linear")
    return {"Si": S, "STi": ST, "Si_q05": sq[0], "Si_q95": sq[1], "STi_q05": stq[0], "STi_q95": stq[1], "V": V}


def run_sensitivity(engine, m: dict[str, Any], weights: dict[str, float], nominal_result,
                    n: int | None = None, seed: int | None = None) -> SensitivityResult:
    """Sensitivity analysis (§9) of ``m["sensitivity"]`` (``n``/``seed`` override it)."""
    raw = dict(m.get("sensitivity") or {})
    if n is not None:
        raw["n"] = n
    if seed is not None:
        raw["seed"] = seed
    unc_inputs = (m.get("uncertainty") or {}).get("inputs")
    cfg, inputs = resolve_sensitivity(raw, engine.fw, unc_inputs, m["group_by"])
    check_alternatives(m, inputs, "sensitivity")
    seed_used, rng_design, rng_weights, rng_boot = spawn_rngs(cfg["seed"])
    cfg["seed"] = seed_used
    N, d = cfg["n"], len(inputs)
    pools = {j: draw_weight_pool(engine.fw, weights, inp, rng_weights)
             for j, inp in enumerate(inputs) if inp.kind == "weights"}
    U = rng_design.random((N, 2 * d))
    rows = saltelli_design(U, d)
    specs = map_design(inputs, rows, pools)
    year = pick_year(engine, cfg["year"])
    cfg["year"] = year
    group_by = [cfg["group"]] if cfg["rank_type"] == "group" else []
    run = evaluate_replicates(engine, m, weights, specs, year, cfg["node"], group_by)
    yres = nominal_result.by_year[year]
    if cfg["rank_type"] == "group":
        nominal, R = yres.group_ranks[cfg["group"]][cfg["node"]].to_numpy(), run.group_ranks[cfg["group"]]
    else:
        nominal, R = yres.ranks[cfg["node"]].to_numpy(), run.ranks
    ok = ~np.isnan(R) & ~np.isnan(nominal)[None, :]
    diff = np.where(ok, np.abs(R - nominal[None, :]), 0.0)
    cnt = ok.sum(axis=1)
    y = np.where(cnt > 0, diff.sum(axis=1) / np.maximum(cnt, 1), np.nan)
    warnings = []
    failures = [{"run": r + 1, "error": msg} for r, msg in sorted(run.failures.items())]
    names = [i.name for i in inputs]
    if failures or np.isnan(y).any():
        warnings.append(f"sensitivity: {len(failures)} run(s) failed; indices reported as missing")
        res = dict.fromkeys(("Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95"), np.full(d, np.nan))
    else:
        res = indices(y, N, d, cfg["Nboot"], rng_boot)
        if res["V"] == 0:
            warnings.append("sensitivity: no input moves any rank (V = 0); indices reported as missing")
            res = dict.fromkeys(("Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95"), np.full(d, np.nan))
    table = pd.DataFrame({"factor": names, **{k: res[k] for k in ("Si", "STi", "Si_q05", "Si_q95", "STi_q05",
                                                                    "STi_q95")}})
    return SensitivityResult(cfg, seed_used, table, y, run, inputs, warnings, failures)
