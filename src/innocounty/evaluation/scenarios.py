"""Explicit scenarios (情景分析, methodology §8.4, §12.6).

A scenarios file is a top-level YAML sequence; each item has ``id`` (required, unique string), optional
``weights`` (node code → weight, replacing the framework weight; a root weight is accepted and ignored; an unknown
code is an error) and optional ``method`` (deep-merged into the nominal method, a ``normalise`` section replacing
the nominal one whole). Each scenario is evaluated once, exactly, by the full pipeline; a failing scenario is
reported as failed and does not stop the others. This is also the fixed-parameter mode of §8.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import EvaluationError, MethodError
from .method import merge_method
from .weights import resolve_weights

SCENARIO_KEYS = ("id", "weights", "method")


def load_scenarios(path: str | Path, fw, m: dict[str, Any]) -> list[dict[str, Any]]:
    """Read and validate a scenarios file (structure, ids, weight codes and values, method keys)."""
    import yaml

    file = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except OSError as e:
        raise MethodError(f"cannot read: {e.strerror or e}", file=file) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise MethodError(f"invalid YAML: {getattr(e, 'problem', e)}", file=file,
                          row=(mark.line + 1) if mark else None) from None
    return validate_scenarios(doc, fw, m, file)


def validate_scenarios(doc: Any, fw, m: dict[str, Any], file: str | None = None) -> list[dict[str, Any]]:
    if not isinstance(doc, list):
        raise MethodError("scenarios: the file must be a YAML sequence of scenarios", file=file)
    seen: set[str] = set()
    out = []
    for i, item in enumerate(doc, start=1):
        where = f"scenarios: item {i}"
        if not isinstance(item, dict):
            raise MethodError(f"{where}: must be a mapping with id, weights, method", file=file)
        for k in item:
            if k not in SCENARIO_KEYS:
                raise MethodError(f"{where}: unknown key {k!r} (allowed: id, weights, method)", file=file)
        sid = item.get("id")
        if sid is None or isinstance(sid, bool | dict | list) or str(sid).strip() == "":
            raise MethodError(f"{where}: id is required", file=file)
        sid = str(sid)
        if sid in seen or sid == "code":
            raise MethodError(f"{where}: duplicate or reserved id {sid!r}", file=file)
        seen.add(sid)
        weights = item.get("weights") or {}
        if not isinstance(weights, dict):
            raise MethodError(f"{where} ({sid}): weights must map node codes to weights", file=file)
        weights = {str(k): v for k, v in weights.items()}
        method = item.get("method") or {}
        if not isinstance(method, dict):
            raise MethodError(f"{where} ({sid}): method must be a mapping", file=file)
        try:
            m_s = merge_method(m, method)
            resolve_weights(fw, m_s["weights"], weights, where=f"scenario {sid}: weights")
        except EvaluationError as e:
            raise MethodError(f"{where} ({sid}): {e.message}", file=file) from None
        out.append({"id": sid, "weights": weights, "method": method})
    return out


@dataclass
class ScenarioResult:
    scores: pd.DataFrame                 # code (, year) + one column per scenario: the root's score
    ranks: pd.DataFrame                  # national ranks of the root
    group_ranks: dict[str, pd.DataFrame]
    summary: pd.DataFrame                # id, status, error, mean_abs_rank_change
    changes: pd.DataFrame                # code, nominal, best_rank, worst_rank, rank_change_<id> …
    failures: list[dict[str, Any]] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)


def run_scenarios(engine, m: dict[str, Any], nominal_result, scenarios: list[dict[str, Any]],
                  keep_results: bool = False) -> ScenarioResult:
    """Evaluate each scenario with the full pipeline (engine caches reuse unchanged upstream stages)."""
    fw = engine.fw
    root = fw.root
    lead = nominal_result.table("ranks", columns=[root])
    base = lead[[c for c in ("code", "year") if c in lead.columns]]
    nominal_rank = lead[root].to_numpy()
    scores, ranks = base.copy(), base.copy()
    granks = {g: base.copy() for g in m["group_by"]}
    changes = base.copy()
    changes["nominal"] = nominal_rank
    summary, failures, results = [], [], {}
    for sc in scenarios:
        sid = sc["id"]
        try:
            m_s = merge_method(m, sc["method"])
            w_s = resolve_weights(fw, m_s["weights"], sc["weights"], where=f"scenario {sid}: weights")
            res = engine.run(m_s, w_s)
        except EvaluationError as e:
            failures.append({"id": sid, "error": str(e)})
            summary.append({"id": sid, "status": "failed", "error": str(e), "mean_abs_rank_change": np.nan})
            for df in (scores, ranks, *granks.values()):
                df[sid] = np.nan
            changes[f"rank_change_{sid}"] = np.nan
            continue
        if keep_results:
            results[sid] = res
        scores[sid] = res.table("scores", columns=[root])[root].to_numpy()
        r = res.table("ranks", columns=[root])[root].to_numpy()
        ranks[sid] = r
        for g in granks:
            granks[g][sid] = res.table(f"group_ranks:{g}", columns=[root])[root].to_numpy()
        change = nominal_rank - r
        changes[f"rank_change_{sid}"] = change
        mac = float(np.nanmean(np.abs(change))) if np.isfinite(change).any() else np.nan
        summary.append({"id": sid, "status": "ok", "error": None, "mean_abs_rank_change": mac})
    all_ranks = np.column_stack([nominal_rank] + [ranks[s["id"]].to_numpy() for s in scenarios])
    with np.errstate(invalid="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            changes["best_rank"] = np.nanmin(all_ranks, axis=1)
            changes["worst_rank"] = np.nanmax(all_ranks, axis=1)
    summary_df = pd.DataFrame(summary, columns=["id", "status", "error", "mean_abs_rank_change"])
    return ScenarioResult(scores, ranks, granks, summary_df, changes, failures, results)
