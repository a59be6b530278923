"""Normalisation with direction (标准化/无量纲化, methodology §2.5) and pooled panel parameters (§7.3).

For minmax, zscore, rank, prank and none the column is first multiplied by its direction (x̃ = d·x); target_ratio
and goalposts read x and d directly. Degenerate columns follow ``normalise.degenerate`` (error | midpoint |
exclude). Per-indicator ``norm_method``/``norm_params`` in the framework override the global method; when the
indicator's method differs from the global one, only its own defaults and norm_params apply (reset rule).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import StageError, fmt_num
from .framework import Framework
from .method import NORMALISE_PARAMS, check_norm_params


@dataclass
class IndicatorNorm:
    """The resolved normalisation of one indicator."""

    method: str
    params: dict[str, Any]
    direction: int


def indicator_norms(fw: Framework, cfg: dict) -> dict[str, IndicatorNorm]:
    """Resolve each indicator's method and parameters (global section, framework override, framework fields)."""
    out = {}
    for code in fw.indicators:
        node = fw.nodes[code]
        method = node.norm_method or cfg["method"]
        if method == cfg["method"]:
            params = {k: copy.deepcopy(cfg[k]) for k in NORMALISE_PARAMS[method] if k in cfg}
        else:
            params = copy.deepcopy(NORMALISE_PARAMS[method])
        if method == "target_ratio":
            params.setdefault("target", node.target)
            if node.target is not None:
                params["target"] = node.target
        if method == "goalposts":
            if node.goalpost_lower is not None:
                params["lower"] = node.goalpost_lower
            if node.goalpost_upper is not None:
                params["upper"] = node.goalpost_upper
        params.update(copy.deepcopy(node.norm_params))
        unknown = set(node.norm_params) - set(NORMALISE_PARAMS[method]) - ({"target"} if method == "target_ratio" else set())
        if unknown:
            raise StageError(f"normalise: indicator {code}: unknown norm_params {', '.join(sorted(unknown))} for "
                             f"method {method}", stage="normalise")
        check_norm_params(method, params, f"framework.{code}.norm_params")
        out[code] = IndicatorNorm(method, params, node.direction)
    return out


def _degenerate(code: str, label: str, reason: str, policy: str, midpoint: float | None,
                x: np.ndarray, warnings: list[str]) -> np.ndarray:
    if policy == "error" or (policy == "midpoint" and midpoint is None):
        raise StageError(f"normalise: indicator {code}{label} {reason}", stage="normalise")
    if policy == "midpoint":
        warnings.append(f"normalise: indicator {code}{label} {reason}; set to the midpoint {fmt_num(midpoint)}")
        return np.where(np.isnan(x), np.nan, midpoint)
    warnings.append(f"normalise: indicator {code}{label} {reason}; excluded (set missing)")
    return np.full_like(x, np.nan)


def relative_params(method: str, pool: np.ndarray) -> dict[str, Any]:
    """Column statistics a relative method needs, from the (direction-applied) pooled or per-year values."""
    v = pool[~np.isnan(pool)]
    n = v.size
    stats: dict[str, Any] = {"n": n}
    if n == 0:
        return stats
    if method == "minmax":
        stats["min"], stats["max"] = float(v.min()), float(v.max())
    elif method == "zscore":
        stats["mean"] = float(np.mean(v))
        stats["sd"] = float(np.std(v, ddof=1)) if n > 1 else float("nan")
    elif method in ("rank", "prank"):
        stats["sorted"] = np.sort(v)
    return stats


def normalise_column(x: np.ndarray, norm: IndicatorNorm, code: str, label: str, policy: str,
                     warnings: list[str], pool: np.ndarray | None = None, codes: np.ndarray | None = None) -> np.ndarray:
    """Normalise one column (NaN = missing or screened out). ``pool``: values for the parameters (§7.3), raw."""
    m, p, d = norm.method, norm.params, norm.direction
    if m in ("target_ratio", "goalposts"):
        if np.all(np.isnan(x)):
            return _degenerate(code, label, "has no observed value", policy, None, x, warnings) \
                if policy != "midpoint" else x.copy()
        return _absolute(x, m, p, d, code, label, codes)
    xt = x * d
    base = xt if pool is None else pool * d
    st = relative_params(m, base)
    n = st["n"]
    if n == 0:
        if policy == "midpoint":
            return x.copy()
        return _degenerate(code, label, "has no observed value", policy, None, x, warnings)
    if m == "minmax":
        lo, hi = p["range"]
        mn, mx = st["min"], st["max"]
        if mx == mn:
            vals = f"all values = {fmt_num(mn * d)}"
            return _degenerate(code, label, f"is constant ({vals}); min-max undefined", policy, (lo + hi) / 2,
                               x, warnings)
        return (xt - mn) / (mx - mn) * (hi - lo) + lo
    if m == "zscore":
        sd = st["sd"]
        if n < 2 or not sd > 0:
            reason = "has fewer than 2 values; z-score undefined" if n < 2 else "has sd = 0; z-score undefined"
            return _degenerate(code, label, reason, policy, p["mean"], x, warnings)
        return (xt - st["mean"]) / sd * p["sd"] + p["mean"]
    if m in ("rank", "prank"):
        srt = st["sorted"]
        if m == "prank" and n < 2:
            return _degenerate(code, label, "has fewer than 2 values; prank undefined", policy, p["scale"] / 2,
                               x, warnings)
        obs = ~np.isnan(xt)
        rank = np.full_like(xt, np.nan)
        rank[obs] = 1 + np.searchsorted(srt, xt[obs], side="left")
        if m == "rank":
            return rank
        return (rank - 1) / (n - 1) * p["scale"]
    return xt  # none


def _absolute(x: np.ndarray, m: str, p: dict[str, Any], d: int, code: str, label: str,
              codes: np.ndarray | None) -> np.ndarray:
    obs = ~np.isnan(x)
    if m == "target_ratio":
        t = p.get("target")
        if t is None or not t > 0:
            raise StageError(f"normalise: indicator {code}: target_ratio needs a target > 0, got "
                             f"{'none' if t is None else fmt_num(t)}", stage="normalise")
        if d == 1:
            out = x / t * 100
        else:
            bad = obs & (x <= 0)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                unit = f", unit {codes[i]}" if codes is not None else ""
                raise StageError(f"normalise: indicator {code}{label}{unit}: target_ratio with direction -1 needs "
                                 f"values > 0, got {fmt_num(x[i])}", stage="normalise")
            with np.errstate(divide="ignore"):
                out = t / x * 100
        if p.get("cap") is not None:
            out = np.where(obs, np.minimum(p["cap"], out), np.nan)
        if p.get("floor") is not None:
            out = np.where(obs, np.maximum(p["floor"], out), np.nan)
        return out
    lo, hi = p.get("lower"), p.get("upper")
    if lo is None or hi is None or not lo < hi:
        raise StageError(f"normalise: indicator {code}: goalposts need lower < upper", stage="normalise")
    out = (x - lo) / (hi - lo) if d == 1 else (hi - x) / (hi - lo)
    if p.get("truncate", True):
        out = np.where(obs, np.clip(out, 0, 1), np.nan)
    return out * p.get("scale", 100)


def normalise_year(x: np.ndarray, norms: dict[str, IndicatorNorm], indicators: list[str], label: str, policy: str,
                   pools: dict[str, np.ndarray] | None = None,
                   codes: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Normalise every indicator column of one year's treated matrix. Returns (matrix, warnings)."""
    out = np.empty_like(x)
    warnings: list[str] = []
    for k, code in enumerate(indicators):
        pool = pools.get(code) if pools else None
        out[:, k] = normalise_column(x[:, k], norms[code], code, label, policy, warnings, pool, codes)
    return out, warnings
