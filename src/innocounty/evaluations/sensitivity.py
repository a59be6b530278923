"""Sensitivity analysis of a run (敏感性分析, methodology §9), asked for on the run form: the engine's
:func:`innocounty.evaluation.sensitivity.run_sensitivity` (Saltelli design over the uncertain inputs — the weights
±25 % and the normalisation method unless the method says otherwise), computed in the run job and stored with the
results in :class:`~innocounty.evaluations.models.RunStatisticalAudit` (checksummed with them).

Stored per run: the configuration the engine used (N, Nboot, seed, inputs, year), the first-order and total
indices of each input with their bootstrap 5–95 % intervals, the engine's warnings, and for every county the
range of its national rank over the N(d + 2) design runs (in the order of the county codes).
Pure: no database access here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from innocounty.evaluation.sensitivity import run_sensitivity

MAX_SAMPLES = (
    2000  # N: N(d + 2) pipeline runs; 2,000 with 2 inputs take ~5 s nationally (docs/performance.md)
)
MAX_BOOTSTRAP = 1000
DEFAULT_BOOTSTRAP = 500
INDEX_KEYS = ("Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95")


def _num(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _rank(value) -> int | None:
    return None if math.isnan(value) else int(value)


def compute_sensitivity(
    engine, m: dict[str, Any], weights: dict[str, float], result, seed: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the analysis; returns (the JSON stored with the run, the engine's resolved configuration)."""
    res = run_sensitivity(engine, m, weights, result, seed=seed)
    factors = [
        {"factor": str(row["factor"]), **{k: _num(row[k]) for k in INDEX_KEYS}}
        for row in res.table.to_dict("records")
    ]
    ranks = np.asarray(res.run.ranks, dtype=float)
    ok = np.array([r not in res.run.failures for r in range(ranks.shape[0])], dtype=bool)
    good = ranks[ok]
    codes = [str(c) for c in engine.codes[res.config["year"]]]
    lows, highs = [], []
    for j in range(len(codes)):
        col = good[:, j] if good.size else np.array([])
        col = col[~np.isnan(col)]
        lows.append(int(col.min()) if col.size else None)
        highs.append(int(col.max()) if col.size else None)
    nominal = result.by_year[res.config["year"]].ranks[res.config["node"]].to_numpy(dtype=float)
    y = res.y[~np.isnan(res.y)]
    stored = {
        "config": {k: res.config[k] for k in ("n", "Nboot", "seed", "node", "rank_type", "year")},
        "inputs": [i["name"] for i in res.config["inputs"]],
        "runs": int(ranks.shape[0]),
        "failed_runs": len(res.failures),
        "mean_abs_rank_shift": _num(y.mean()) if y.size else None,
        "factors": factors,
        "warnings": list(res.warnings),
        "codes": codes,
        "nominal": [_rank(v) for v in nominal.tolist()],
        "rank_min": lows,
        "rank_max": highs,
    }
    return stored, res.config


def widest(stored: dict[str, Any], names: dict[str, str], limit: int = 20) -> list[dict[str, Any]]:
    """The counties whose national rank ranges most widely over the design runs (widest first, then code)."""
    rows = []
    for i, code in enumerate((stored or {}).get("codes", [])):
        lo, hi = stored["rank_min"][i], stored["rank_max"][i]
        if lo is None or hi is None:
            continue
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "nominal": stored["nominal"][i],
                "low": lo,
                "high": hi,
                "width": hi - lo,
            }
        )
    rows.sort(key=lambda r: (-r["width"], r["code"]))
    return rows[:limit]


def csv_rows(stored: dict[str, Any], names: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    """The per-county table for the CSV export (header, rows in code order)."""
    header = ["code", "name", "nominal_rank", "rank_min", "rank_max", "range"]
    rows = []
    for i, code in enumerate(stored.get("codes", [])):
        lo, hi = stored["rank_min"][i], stored["rank_max"][i]
        rows.append(
            [
                code,
                names.get(code, code),
                stored["nominal"][i],
                lo,
                hi,
                None if lo is None or hi is None else hi - lo,
            ]
        )
    return header, rows
