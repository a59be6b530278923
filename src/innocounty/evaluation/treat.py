"""Outlier treatment (异常值处理, methodology §2.4): the JRC skewness/kurtosis rule, stepwise Winsorisation with
ties, and the ``log_ct`` fallback on the ORIGINAL column.

Treatment runs per indicator on the imputed data in raw units over the screened-in units of one year; direction
is ignored and missing values take no part. Skewness and excess kurtosis are the type-2 (Excel SKEW/KURT,
``scipy.stats.skew/kurtosis(bias=False)``) formulas, computed exactly as written in §2.4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PASS, FAIL, UNDETERMINED = "pass", "fail", "undetermined"


def skew_kurt(x: np.ndarray) -> tuple[float, float]:
    """Type-2 sample skewness and excess kurtosis of the non-missing values (NaN where undefined, §2.4)."""
    v = x[~np.isnan(x)]
    n = v.size
    if n < 3:
        return math.nan, math.nan
    d = v - np.mean(v)
    d2 = d * d
    m2 = float(np.sum(d2))
    if m2 == 0:
        return math.nan, math.nan
    m3 = float(np.sum(d2 * d))
    g = math.sqrt(n) * m3 / m2 ** 1.5
    skew = g * math.sqrt(n * (n - 1)) / (n - 2)
    if n < 4:
        return skew, math.nan
    m4 = float(np.sum(d2 * d2))
    r = n * m4 / m2 ** 2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return skew, kurt


def check(skew: float, kurt: float, skew_thresh: float, kurt_thresh: float) -> str:
    """PASS when |skew| < skew_thresh OR kurt < kurt_thresh; FAIL when both are ≥; else UNDETERMINED."""
    if not math.isnan(skew) and abs(skew) < skew_thresh:
        return PASS
    if not math.isnan(kurt) and kurt < kurt_thresh:
        return PASS
    if math.isnan(skew) or math.isnan(kurt):
        return UNDETERMINED
    return FAIL


@dataclass
class ColumnTreatment:
    """What happened to one column (one row of ``treatment.csv``)."""

    status: str                    # none | undetermined | winsorised | log_ct | winsorised_failed | skipped
    skew_before: float
    kurt_before: float
    nwin: int = 0
    skew_winsorised: float = math.nan
    kurt_winsorised: float = math.nan
    skew_after: float = math.nan
    kurt_after: float = math.nan


def winsorise(x: np.ndarray, winmax: int, skew_t: float, kurt_t: float) -> tuple[np.ndarray, int, str, float, float]:
    """Stepwise Winsorisation of the non-missing values ``x`` (1-D, no NaN), §2.4 pseudocode.

    Returns (y, nwin, final check, skew(y), kurt(y)). A final check of UNDETERMINED means the loop stopped on an
    undecidable check; the caller then keeps the original values.
    """
    y = x.copy()
    n_hi = n_lo = 0
    s, k = skew_kurt(y)
    state = check(s, k, skew_t, kurt_t)
    while state == FAIL and n_hi + n_lo < winmax:
        if s >= 0:
            top = y.max()
            hit = y == top
            rest = y[~hit]
            if rest.size == 0:
                return y, n_hi + n_lo, UNDETERMINED, s, k
            y[hit] = rest.max()
            n_hi = int(np.count_nonzero(hit))
        else:
            bottom = y.min()
            hit = y == bottom
            rest = y[~hit]
            if rest.size == 0:
                return y, n_hi + n_lo, UNDETERMINED, s, k
            y[hit] = rest.min()
            n_lo = int(np.count_nonzero(hit))
        s, k = skew_kurt(y)
        state = check(s, k, skew_t, kurt_t)
        if state == UNDETERMINED:
            break
    return y, n_hi + n_lo, state, s, k


def log_ct(x: np.ndarray) -> np.ndarray:
    """z = ln(x − min(x) + 0.01·(max(x) − min(x))) over the non-missing values (§2.4)."""
    v = x[~np.isnan(x)]
    mn, mx = v.min(), v.max()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x - mn + 0.01 * (mx - mn))


def treat_column(x: np.ndarray, cfg: dict) -> tuple[np.ndarray, np.ndarray, ColumnTreatment]:
    """Treat one column (values of the included units; NaN = missing). Returns (values, cell flags, record)."""
    flags = np.full(x.shape, None, dtype=object)
    s0, k0 = skew_kurt(x)
    rec = ColumnTreatment("none", s0, k0, skew_after=s0, kurt_after=k0)
    state = check(s0, k0, cfg["skew"], cfg["kurt"])
    if state == PASS:
        return x, flags, rec
    if state == UNDETERMINED:
        rec.status = "undetermined"
        return x, flags, rec
    obs = ~np.isnan(x)
    y, nwin, state, s, k = winsorise(x[obs], cfg["winmax"], cfg["skew"], cfg["kurt"])
    rec.nwin = nwin
    if nwin > 0:
        rec.skew_winsorised, rec.kurt_winsorised = s, k
    if state == UNDETERMINED:
        rec.status = "undetermined"
        return x, flags, rec
    if state == PASS:
        out = x.copy()
        out[obs] = y
        changed = np.flatnonzero(obs)[y != x[obs]]
        flags[changed] = np.where(x[changed] > out[changed], "winhi", "winlo")
        rec.status = "winsorised"
        rec.skew_after, rec.kurt_after = s, k
        return out, flags, rec
    if cfg["fallback"] == "none":
        out = x.copy()
        out[obs] = y
        changed = np.flatnonzero(obs)[y != x[obs]]
        flags[changed] = np.where(x[changed] > out[changed], "winhi", "winlo")
        rec.status = "winsorised_failed"
        rec.skew_after, rec.kurt_after = s, k
        return out, flags, rec
    z = log_ct(x)
    flags[obs] = "log_ct"
    rec.status = "log_ct"
    rec.skew_after, rec.kurt_after = skew_kurt(z)
    return z, flags, rec


def treat(x: np.ndarray, included: np.ndarray, cfg: dict, indicators: list[str], skip: set[str],
          label: str) -> tuple[np.ndarray, np.ndarray, list[ColumnTreatment], list[str]]:
    """Treat every column of one year (units × indicators). Columns in ``skip`` (absolute normalisation methods,
    framework ``treat = none``) and every column when ``treat.method = none`` are left unchanged."""
    out = x.copy()
    flags = np.full(x.shape, None, dtype=object)
    records = []
    warnings = []
    rows = np.flatnonzero(included)
    for k, code in enumerate(indicators):
        col = x[rows, k]
        if cfg["method"] == "none" or code in skip:
            s, kk = skew_kurt(col)
            records.append(ColumnTreatment("skipped", s, kk, skew_after=s, kurt_after=kk))
            continue
        y, f, rec = treat_column(col, cfg)
        if rec.status == "undetermined":
            warnings.append(f"treat: indicator {code}{label}: skew/kurtosis check undetermined; column left unchanged")
        out[rows, k] = y
        flags[rows, k] = f
        records.append(rec)
    return out, flags, records, warnings
