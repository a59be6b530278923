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
    """Aggregate one node. ``scores[i]`` is (1 or R, n); ``weights[i]`` is (R, 1). Returns (R, n).

    The sums run over the children in framework order, element by element (in-place, no temporaries), so
    the value for replicate r equals the single run with weights ``weights[:][r]`` bit for bit.
    """
    avail = [~np.isnan(s) for s in scores]
    full = [bool(a.all()) for a in avail]
    R = weights[0].shape[0]
    n = scores[0].shape[1]
    bad = np.zeros(R, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method != "arithmetic":
            for a, s in zip(avail, scores, strict=True):
                viol = a & (s <= 0)
                if viol.any():
                    bad |= np.broadcast_to(viol.any(axis=1), (R,))
            for r in np.flatnonzero(bad):
                if int(r) not in outcome.failures:
                    outcome.failures[int(r)] = _geo_message(code, kids, scores, avail, int(r), unit_codes, method,
                                                            label)
        if all(full):
            wsum = weights[0].copy()
            for w in weights[1:]:
                wsum += w
        else:
            wsum = np.zeros((R, n))
            for a, w, f in zip(avail, weights, full, strict=True):
                wsum += w if f else np.where(a, w, 0.0)
        acc = np.zeros((R, n))
        tmp = np.empty((R, n))
        for a, w, s, f in zip(avail, weights, scores, full, strict=True):
            if method == "arithmetic":
                np.multiply(w / wsum, s, out=tmp)
            elif method == "geometric":
                np.multiply(w, np.log(s), out=tmp)
            else:
                np.divide(w, s, out=tmp)
            if not f:
                np.copyto(tmp, 0.0, where=~a)
            np.add(acc, tmp, out=acc)
        if method == "geometric":
            np.divide(acc, wsum, out=acc)
            np.exp(acc, out=acc)
        elif method == "harmonic":
            np.divide(wsum, acc, out=acc)
    out = acc
    per_row = any(a.shape[0] > 1 and not f for a, f in zip(avail, full, strict=True))
    nav = np.zeros((R, n) if per_row else n, dtype=np.int64)
    for a, f in zip(avail, full, strict=True):
        if f:
            nav += 1
        else:
            nav += a if per_row else a[0]
    missing = nav == 0
    if min_coverage is not None:
        missing |= nav / len(kids) < min_coverage
    if missing.any():
        if per_row:
            out[missing] = np.nan
        else:
            out[:, missing] = np.nan
    zero_w = (wsum == 0) & (nav > 0)
    if zero_w.any():
        zero_w = np.broadcast_to(zero_w, (R, n))
        outcome.warnings.append(f"aggregate: node {code}{label}: the weights of the available children sum to 0 "
                                f"for {int(zero_w.any(axis=0).sum())} unit(s); score set missing")
        out[zero_w] = np.nan
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


CHUNK = 64   # replicates per block: keeps the (block × units) work arrays in cache; results do not depend on it


def aggregate_all(fw: Framework, normalised: np.ndarray, weights: np.ndarray, cfg: dict, unit_codes: np.ndarray,
                  label: str = "", keep: list[str] | None = None) -> AggregateOutcome:
    """Aggregate every node bottom-up. ``normalised`` is (n, K); ``weights`` is (R, number of nodes).

    Replicates are processed in blocks of :data:`CHUNK` rows; every element is computed by the same operations
    whatever the block, so a replicate's scores do not depend on R or on the blocking. ``keep`` limits the
    aggregate nodes whose full (R × n) scores are returned (default: all)."""
    node_pos = {n.code: i for i, n in enumerate(fw.node_list)}
    columns = np.ascontiguousarray(normalised.T)
    indicator_scores = {c: columns[k][None, :] for k, c in enumerate(fw.indicators)}
    outcome = AggregateOutcome(dict(indicator_scores))
    methods = per_level(cfg["method"], fw.levels)
    coverages = per_level(cfg["min_coverage"], fw.levels)
    R, n = weights.shape[0], columns.shape[1]
    kept = list(fw.aggregates) if keep is None else [p for p in fw.aggregates if p in keep]
    for p in kept:
        outcome.scores[p] = np.empty((R, n))
    for start in range(0, R, CHUNK):
        block = weights[start:start + CHUNK]
        part = AggregateOutcome(dict(indicator_scores))
        for p in fw.aggregates:
            lev = fw.nodes[p].level
            kids = fw.children[p]
            part.scores[p] = aggregate_node(
                p, kids, [part.scores[c] for c in kids], [block[:, node_pos[c]][:, None] for c in kids],
                methods[lev], coverages[lev], unit_codes, part, label)
            if p in outcome.scores:
                outcome.scores[p][start:start + CHUNK] = part.scores[p]
        for r, msg in part.failures.items():
            outcome.failures[start + r] = msg
        for w in part.warnings:
            if w not in outcome.warnings:
                outcome.warnings.append(w)
    return outcome
