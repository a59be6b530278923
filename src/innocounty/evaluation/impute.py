"""Impute missing values (缺失值插补, methodology §2.3): none, mean, group_mean and carry_forward.

Imputation works per indicator on the screened data in raw (denominated) units, over the screened-in units of one
year. Every imputed cell gets a flag: ``mean``, ``group_mean`` or ``carry_forward:<year>``.
"""

from __future__ import annotations

import numpy as np

from .errors import StageError


def impute_mean(x: np.ndarray, included: np.ndarray, flags: np.ndarray, indicators: list[str], label: str,
                warnings: list[str]) -> np.ndarray:
    """Missing ← mean of the non-missing values of the column among the included units (§2.3)."""
    out = x.copy()
    for k, code in enumerate(indicators):
        col = out[included, k]
        miss = np.isnan(col)
        if not miss.any():
            continue
        if miss.all():
            warnings.append(f"impute: indicator {code}{label} has no observed value; left missing")
            continue
        col[miss] = np.mean(col[~miss])
        out[included, k] = col
        idx = np.flatnonzero(included)[miss]
        flags[idx, k] = "mean"
    return out


def impute_group_mean(x: np.ndarray, included: np.ndarray, groups: np.ndarray, flags: np.ndarray,
                      indicators: list[str], by: str, label: str, warnings: list[str]) -> np.ndarray:
    """Missing ← mean of the non-missing values among units with the same group value (§2.3). Units with a
    missing group value are neither imputed nor donors; a group with no observed value stays missing (warning)."""
    out = x.copy()
    has_group = np.array([g is not None for g in groups], dtype=bool)
    usable = included & has_group
    keys = np.array([g if g is not None else "" for g in groups], dtype=object)
    for g in dict.fromkeys(keys[usable].tolist()):
        rows = np.flatnonzero(usable & (keys == g))
        for k, code in enumerate(indicators):
            col = out[rows, k]
            miss = np.isnan(col)
            if not miss.any():
                continue
            if miss.all():
                warnings.append(f"impute: indicator {code}{label}: group {by}={g} has no observed value; left missing")
                continue
            col[miss] = np.mean(col[~miss])
            out[rows, k] = col
            flags[rows[miss], k] = "group_mean"
    return out


def carry_forward(x: np.ndarray, codes: np.ndarray, included: np.ndarray, flags: np.ndarray,
                  earlier: list[tuple[int, np.ndarray, np.ndarray]], max_back: int | None) -> np.ndarray:
    """Fill missing cells from the most recent earlier year with an observed value (§2.3).

    ``earlier`` lists (year, codes, denominated matrix) of the earlier years in the data, most recent first;
    at most ``max_back`` of them are searched.
    """
    import pandas as pd

    out = x.copy()
    if max_back is not None:
        earlier = earlier[:max_back]
    for year, prev_codes, prev in earlier:
        need = included[:, None] & np.isnan(out)
        if not need.any():
            break
        pos = pd.Index(prev_codes).get_indexer(codes)
        has = pos >= 0
        src = np.full_like(out, np.nan)
        src[has] = prev[pos[has]]
        fill = need & ~np.isnan(src)
        out[fill] = src[fill]
        flags[fill] = f"carry_forward:{year}"
    return out


def impute(x: np.ndarray, included: np.ndarray, cfg: dict, indicators: list[str], label: str,
           groups: np.ndarray | None = None, codes: np.ndarray | None = None,
           earlier: list | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Run the configured imputation on one year. Returns (imputed matrix, flags, warnings)."""
    flags = np.full(x.shape, None, dtype=object)
    warnings: list[str] = []
    method = cfg["method"]
    if method == "carry_forward":
        if earlier is None:
            raise StageError("impute: carry_forward needs a year column with at least two years", stage="impute")
        x = carry_forward(x, codes, included, flags, earlier, cfg["max_back"])
        method = cfg["then"]
    if method == "mean":
        x = impute_mean(x, included, flags, indicators, label, warnings)
    elif method == "group_mean":
        if groups is None:
            raise StageError(f"impute: group_mean needs the data column {cfg['by']!r}", stage="impute",
                             column=cfg["by"])
        x = impute_group_mean(x, included, groups, flags, indicators, cfg["by"], label, warnings)
    else:
        x = x.copy()
    return x, flags, warnings
