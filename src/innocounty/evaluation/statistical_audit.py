"""The index's statistical audit (统计审计): what the JRC audits of composite indices check, with COINr's definitions.

For one year of a pipeline result, over the screened-in units:

* per indicator: coverage (share of units with a reported, un-imputed value), skewness and excess kurtosis before
  treatment (the data the treatment saw: the Imputed stage) and after (the Treated stage), the treatment status,
  COINr's skew/kurtosis flag, and the correlation with its dimension and with the index;
* Pearson correlations between every indicator, dimension and the index (pairwise complete observations, as
  COINr's ``get_corr(..., use = "pairwise.complete.obs")``) on the Aggregated stage (normalised indicators and the
  aggregate scores); pairs of indicators within one dimension are flagged with COINr's ``plot_corr`` thresholds:
  negative (r ≤ −0.4), weak (r ≤ 0.3, i.e. near zero) and high (r ≥ 0.9, possible double counting);
* per dimension (and for the index over its dimensions): Cronbach's α (COINr ``get_cronbach``: pairwise covariance
  matrix C of the k children, α = k²·c̄/ΣC with c̄ the mean off-diagonal covariance) and the share of variance of
  the first principal component (COINr ``get_PCA``: ``prcomp(na.omit(X), center = TRUE, scale = TRUE)``; the share
  is λ₁/Σλ of the correlation matrix of the complete rows), with the loadings of that component.

Skewness and kurtosis are COINr's ``skew()``/``kurt()`` (e1071 type 2, Excel SKEW/KURT), computed by the engine's
own :func:`.treat.skew_kurt`. Everything returned is plain JSON (floats, None for undefined, lists, dicts), so the
platform can store it with a run and checksum it. Pure: numpy only, no pandas, no Django.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .treat import skew_kurt

AUDIT_VERSION = 1
# COINr plot_corr(flagthresh = c(-0.4, 0.3, 0.9)) and get_stats(t_skew = 2, t_kurt = 3.5).
THRESHOLDS = {"negative": -0.4, "weak": 0.3, "high": 0.9, "skew": 2.0, "kurt": 3.5}


def _num(v: float) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def pairwise_cov_corr(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Covariance (n − 1) and Pearson correlation of the columns of ``x`` over pairwise complete rows, each pair's
    means taken over its own rows (R ``cov/cor(use = "pairwise.complete.obs")``, pandas ``DataFrame.cov/corr``).
    Returns (cov, corr, n per pair); NaN where fewer than two rows, or a zero variance, leave it undefined."""
    k = x.shape[1]
    cov = np.full((k, k), np.nan)
    cor = np.full((k, k), np.nan)
    npair = np.zeros((k, k), dtype=int)
    ok = ~np.isnan(x)
    for i in range(k):
        for j in range(i, k):
            both = ok[:, i] & ok[:, j]
            n = int(both.sum())
            npair[i, j] = npair[j, i] = n
            if n < 2:
                continue
            a, b = x[both, i], x[both, j]
            da, db = a - a.mean(), b - b.mean()
            sab = float(np.dot(da, db))
            cov[i, j] = cov[j, i] = sab / (n - 1)
            saa, sbb = float(np.dot(da, da)), float(np.dot(db, db))
            if saa > 0 and sbb > 0:
                r = sab / math.sqrt(saa * sbb)
                cor[i, j] = cor[j, i] = max(-1.0, min(1.0, r))
    return cov, cor, npair


def cronbach_alpha(x: np.ndarray) -> float:
    """COINr ``get_cronbach``: α = k²·c̄ / ΣC, C the pairwise covariance matrix (missing entries left out of the
    sums), c̄ = (ΣC − Σdiag C) / (k(k − 1)). NaN for fewer than two columns or ΣC = 0."""
    k = x.shape[1]
    if k < 2:
        return math.nan
    cov, _cor, _n = pairwise_cov_corr(x)
    total = float(np.nansum(cov))
    if total == 0 or np.isnan(cov).all():
        return math.nan
    mean_off = (total - float(np.nansum(np.diag(cov)))) / (k * (k - 1))
    return k * k * mean_off / total


def first_component(x: np.ndarray) -> tuple[float, list[float] | None, int]:
    """COINr ``get_PCA``: PCA of the complete rows, centred and scaled (sd with n − 1). Returns (share of variance of
    the first component λ₁/Σλ, its loadings with a non-negative sum, number of complete rows); NaN/None when
    fewer than two columns, fewer than two complete rows or a constant column (R's prcomp refuses those)."""
    rows = ~np.isnan(x).any(axis=1)
    n = int(rows.sum())
    k = x.shape[1]
    if k < 2 or n < 2:
        return math.nan, None, n
    z = x[rows]
    sd = z.std(axis=0, ddof=1)
    if (sd == 0).any():
        return math.nan, None, n
    z = (z - z.mean(axis=0)) / sd
    corr = z.T @ z / (n - 1)
    values, vectors = np.linalg.eigh(corr)
    values = np.clip(values, 0.0, None)
    share = float(values[-1] / values.sum())
    loading = vectors[:, -1]
    if loading.sum() < 0:
        loading = -loading
    return share, [float(v) for v in loading], n


def correlation_kind(r: float | None, t: dict[str, float] = THRESHOLDS) -> str:
    """COINr plot_corr's discrete classes: negative (r ≤ −0.4), weak (r ≤ 0.3), high (r ≥ 0.9), else ok."""
    if r is None:
        return "undefined"
    if r <= t["negative"]:
        return "negative"
    if r <= t["weak"]:
        return "weak"
    if r >= t["high"]:
        return "high"
    return "ok"


def audit_year(year_result, framework, thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    """The audit of one :class:`~.results.YearResult` under ``framework`` (see the module docstring)."""
    t = {**THRESHOLDS, **(thresholds or {})}
    fw = framework
    arrays = year_result.arrays
    inc = np.asarray(arrays.included, dtype=bool)
    indicators = list(year_result.indicators)
    aggregates = list(year_result.aggregates)
    nodes = indicators + aggregates
    col = {c: i for i, c in enumerate(nodes)}
    screened = arrays.stages["Screened"][inc]
    imputed = arrays.stages["Imputed"][inc]
    treated = arrays.stages["Treated"][inc]
    agg = arrays.stages["Aggregated"][inc]
    n_units = int(inc.sum())
    _cov, corr, npair = pairwise_cov_corr(agg)
    root = fw.root
    dims = [a for a in aggregates if a != root]
    statuses = [rec.status for rec in arrays.treatment]

    def r(a: str, b: str) -> float | None:
        return _num(corr[col[a], col[b]])

    rows = []
    for k, code in enumerate(indicators):
        node = fw.nodes[code]
        s0, k0 = skew_kurt(imputed[:, k])
        s1, k1 = skew_kurt(treated[:, k])
        available = int((~np.isnan(screened[:, k])).sum())
        rows.append({
            "code": code, "name": node.name, "dimension": node.parent, "n": n_units, "n_available": available,
            "coverage": _num(available / n_units) if n_units else None,
            "n_imputed": int((~np.isnan(imputed[:, k])).sum()) - available,
            "skew_before": _num(s0), "kurt_before": _num(k0), "skew_after": _num(s1), "kurt_after": _num(k1),
            "outlier_flag_before": _skewkurt_flag(s0, k0, t), "outlier_flag_after": _skewkurt_flag(s1, k1, t),
            "treatment": statuses[k] if k < len(statuses) else "",
            "corr_dimension": r(code, node.parent) if node.parent in col else None,
            "corr_index": r(code, root),
        })
    dimensions = []
    flags = []
    for d in [*dims, root]:
        children = list(fw.children[d])
        idx = [col[c] for c in children]
        x = agg[:, idx]
        share, loadings, n_complete = first_component(x)
        alpha = cronbach_alpha(x)
        entry = {
            "code": d, "name": fw.nodes[d].name, "level": fw.nodes[d].level, "children": children, "k": len(children),
            "n_complete": n_complete, "cronbach_alpha": _num(alpha), "pc1_share": _num(share),
            "pc1_loadings": dict(zip(children, loadings, strict=True)) if loadings else None,
            "corr_index": r(d, root) if d != root else None, "flags": 0,
        }
        if d != root and fw.nodes[children[0]].level == 1:
            for i, a in enumerate(children):
                for b in children[i + 1:]:
                    value = r(a, b)
                    kind = correlation_kind(value, t)
                    if kind in ("negative", "weak", "high"):
                        flags.append({"dimension": d, "a": a, "b": b, "r": value, "n": int(npair[col[a], col[b]]),
                                      "kind": kind})
                        entry["flags"] += kind != "high"
        dimensions.append(entry)
    matrix = [[_num(v) for v in row] for row in corr]
    return {
        "version": AUDIT_VERSION, "year": year_result.year, "n_units": n_units, "thresholds": t,
        "data": {"distribution_before": "Imputed", "distribution_after": "Treated", "correlations": "Aggregated"},
        "indicators": rows, "dimensions": dimensions, "flags": flags,
        "correlations": {"codes": nodes, "matrix": matrix},
    }


def _skewkurt_flag(skew: float, kurt: float, t: dict[str, float]) -> str:
    """COINr get_stats' Flag.SkewKurt: "OUT" when |skew| > t_skew and kurt > t_kurt, else "ok"."""
    if math.isnan(skew) or math.isnan(kurt):
        return "undefined"
    return "OUT" if abs(skew) > t["skew"] and kurt > t["kurt"] else "ok"


def audit(result, year: Any = None, thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    """The audit of one year of an :class:`~.results.EvaluationResult` (default: the latest year)."""
    y = result.years[-1] if year is None else year
    return audit_year(result.by_year[y], result.framework, thresholds)


def audit_tables(report: dict[str, Any]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The audit as flat tables (header, rows) for CSV/xlsx exports: indicators, dimensions, flags, correlations."""
    ind_cols = ["code", "name", "dimension", "n", "n_available", "coverage", "n_imputed", "skew_before",
                "kurt_before", "skew_after", "kurt_after", "outlier_flag_before", "outlier_flag_after", "treatment",
                "corr_dimension", "corr_index"]
    dim_cols = ["code", "name", "level", "k", "n_complete", "cronbach_alpha", "pc1_share", "corr_index", "flags"]
    flag_cols = ["dimension", "a", "b", "r", "n", "kind"]
    codes = report["correlations"]["codes"]
    corr_rows = [[a, *row] for a, row in zip(codes, report["correlations"]["matrix"], strict=True)]
    return {
        "indicators": (ind_cols, [[row[c] for c in ind_cols] for row in report["indicators"]]),
        "dimensions": (dim_cols, [[row[c] for c in dim_cols] for row in report["dimensions"]]),
        "flags": (flag_cols, [[row[c] for c in flag_cols] for row in report["flags"]]),
        "correlations": (["code", *codes], corr_rows),
    }
