"""Bottom-up aggregation (逐级加权汇总, methodology §2.7), vectorised across replicates.

Scores are arrays of shape (R, n): R replicates (weight sets) × n units; the nominal run is R = 1, so a replicate
and the single run with the same parameters perform exactly the same floating-point operations. Weights are an
array of shape (R, number of nodes) in framework row order.

For node p with children C and available children A (non-missing score):
  arithmetic  ŵ_c = w_c / Σ_A w ;  score = Σ_A ŵ_c · s_c        (missing children drop out, weights renormalise)
  geometric   score = exp(Σ_A w_c · ln s_c / Σ_A w_c)          (any available s ≤ 0 → error)
  harmonic    score = Σ_A w_c / Σ_A (w_c / s_c)                (any available s ≤ 0 → error)
The score is missing when |A| / |C| < min_coverage, when A is empty, or when Σ_A w = 0 (warning).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import fmt_num
from .framework import Framework
from .method import per_level

GEO_HINT = "values must be > 0 (use minmax range=[1,100] or zscore mean=10, sd=2)"


@dataclass
class AggregateOutcome:
    """Scores of every node (code → (R, n); indicators are (1, n)), per-replicate failure messages, warnings."""

    scores: dict[str, np.ndarray]
    failures: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def aggregate_node(code: str, kids: list[str], scores: list[np.ndarray], weights: list[np.ndarray], method: str,
                   min_coverage: float | None, unit_codes: np.ndarray, outcome: AggregateOutcome,
                   label: str = "") -> np.ndarray:
    """Aggregate one node. ``scores[i]`` is (1 or R, n); ``weights[i]`` is (R, 1). Returns (R, n)."""
    avail = [~np.isnan(s) for s in scores]
    full = [bool(a.all()) for a in avail]
    R = weights[0].shape[0]
    n = scores[0].shape[1]
    bad = np.zeros(R, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method != "arithmetic":
            for a, s in zip(avail, scores, strict=True):
                viol = a & (s <= 0)
                bad |= np.broadcast_to(viol.any(axis=1), (R,))
            for r in np.flatnonzero(bad):
                if r in outcome.failures:
                    continue
                outcome.failures[int(r)] = _geo_message(code, kids, scores, avail, r, unit_codes, method, label)
        wsum: np.ndarray | float = 0.0
        for a, w, f in zip(avail, weights, full, strict=True):
            wsum = wsum + (w if f else np.where(a, w, 0.0))
        acc: np.ndarray | float = 0.0
        for a, w, s, f in zip(avail, weights, scores, full, strict=True):
            if method == "arithmetic":
                term = (w / wsum) * s
            elif method == "geometric":
                term = w * np.log(s)
            else:
                term = w / s
            acc = acc + (term if f else np.where(a, term, 0.0))
        if method == "arithmetic":
            out = acc
        elif method == "geometric":
            out = np.exp(acc / wsum)
        else:
            out = wsum / acc
    out = np.array(np.broadcast_to(out, (R, n)), dtype=np.float64)
    nav = np.zeros((1, n), dtype=np.int64)
    for a in avail:
        nav = nav + a
    missing = nav == 0
    if min_coverage is not None:
        missing = missing | (nav / len(kids) < min_coverage)
    zero_w = np.broadcast_to(wsum == 0, (R, n)) & (nav > 0)
    if zero_w.any():
        outcome.warnings.append(f"aggregate: node {code}{label}: the weights of the available children sum to 0 "
                                f"for {int(zero_w.any(axis=0).sum())} unit(s); score set missing")
    out[np.broadcast_to(missing, (R, n)) | zero_w] = np.nan
    if bad.any():
        out[bad] = np.nan
    return out


def _geo_message(code: str, kids: list[str], scores: list[np.ndarray], avail: list[np.ndarray], r: int,
                 unit_codes: np.ndarray, method: str, label: str) -> str:
    n = scores[0].shape[1]
    for u in range(n):
        for c, s, a in zip(kids, scores, avail, strict=True):
            row = 0 if s.shape[0] == 1 else r
            if a[row, u] and s[row, u] <= 0:
                return (f"aggregate: {method} mean of {code}{label} for unit {unit_codes[u]} got child {c} = "
                        f"{fmt_num(s[row, u])}; {GEO_HINT}")
    return f"aggregate: {method} mean of {code}{label}: a child value <= 0; {GEO_HINT}"


def aggregate_all(fw: Framework, normalised: np.ndarray, weights: np.ndarray, cfg: dict, unit_codes: np.ndarray,
                  label: str = "") -> AggregateOutcome:
    """Aggregate every node bottom-up. ``normalised`` is (n, K); ``weights`` is (R, number of nodes)."""
    node_pos = {n.code: i for i, n in enumerate(fw.node_list)}
    outcome = AggregateOutcome({c: normalised[:, k][None, :] for k, c in enumerate(fw.indicators)})
    methods = per_level(cfg["method"], fw.levels)
    coverages = per_level(cfg["min_coverage"], fw.levels)
    for p in fw.aggregates:
        lev = fw.nodes[p].level
        kids = fw.children[p]
        outcome.scores[p] = aggregate_node(
            p, kids, [outcome.scores[c] for c in kids], [weights[:, node_pos[c]][:, None] for c in kids],
            methods[lev], coverages[lev], unit_codes, outcome, label)
    return outcome
