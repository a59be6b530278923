"""Scenarios of a run (情景分析, methodology §8.4): alternative weights and methods set on the run form, run by the
engine's :func:`innocounty.evaluation.scenarios.run_scenarios` beside the nominal run, stored with the results.

The method as entered carries them under ``scenarios`` (a list of ``{id, label, weights, method}``); they are
taken out before the engine resolves the method, validated by the engine, and each is one full pipeline run.
Stored per run: each scenario's summary (status, error, mean |rank change|, counties moving more than
:data:`BIG_MOVE` places) and every county's national rank under it, in the order of the county codes.
Pure: no database access here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from innocounty.evaluation.scenarios import run_scenarios, validate_scenarios

BIG_MOVE = 10
MAX_SCENARIOS = 3


def split(method: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the method without ``scenarios``, the scenarios as the engine reads them, labels kept aside)."""
    rest = {k: v for k, v in method.items() if k != "scenarios"}
    return rest, list(method.get("scenarios") or [])


def compute_scenarios(engine, m: dict[str, Any], result, asked: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the scenarios; returns the JSON stored with the run ({} without scenarios)."""
    if not asked:
        return {}
    labels = {str(s["id"]): s.get("label") or str(s["id"]) for s in asked}
    doc = [{k: s[k] for k in ("id", "weights", "method") if k in s} for s in asked]
    scenarios = validate_scenarios(doc, engine.fw, m)
    out = run_scenarios(engine, m, result, scenarios)
    root = engine.fw.root
    codes = [str(c) for c in out.ranks["code"].tolist()]
    nominal = out.changes["nominal"].to_numpy()
    listed = []
    ranks = {}
    for row in out.summary.to_dict("records"):
        sid = row["id"]
        r = out.ranks[sid].to_numpy(dtype=float)
        ranks[sid] = [None if math.isnan(v) else int(v) for v in r.tolist()]
        change = nominal - r
        moved = int(np.sum(np.abs(change[np.isfinite(change)]) > BIG_MOVE))
        mac = row["mean_abs_rank_change"]
        listed.append({
            "id": sid, "label": labels.get(sid, sid), "status": row["status"], "error": row["error"] or "",
            "mean_abs_rank_change": None if mac is None or not math.isfinite(mac) else float(mac),
            "moved_over": moved if row["status"] == "ok" else None,
            "weights": next(s["weights"] for s in scenarios if s["id"] == sid),
            "method": next(s["method"] for s in scenarios if s["id"] == sid),
        })
    return {"node": root, "big_move": BIG_MOVE, "codes": codes,
            "nominal": [None if math.isnan(v) else int(v) for v in nominal.tolist()],
            "scenarios": listed, "ranks": ranks}


def top_movers(stored: dict[str, Any], names: dict[str, str], limit: int = 20) -> list[dict[str, Any]]:
    """The counties whose rank moves most under any scenario (largest |change| first, then code)."""
    if not stored:
        return []
    ids = [s["id"] for s in stored["scenarios"] if s["status"] == "ok"]
    rows = []
    for i, code in enumerate(stored["codes"]):
        base = stored["nominal"][i]
        if base is None:
            continue
        cells = []
        worst = 0
        for sid in ids:
            r = stored["ranks"][sid][i]
            change = None if r is None else base - r
            worst = max(worst, abs(change or 0))
            cells.append({"rank": r, "change": change})
        rows.append({"code": code, "name": names.get(code, code), "nominal": base, "cells": cells, "worst": worst})
    rows.sort(key=lambda r: (-r["worst"], r["code"]))
    return rows[:limit]
