"""Exact share cut-offs and competition ranks for the optional analyses (§4–§6).

* :func:`share_cutoff` computes ``k = ⌈p · n⌉`` in exact rational arithmetic (§5 "Cut-off arithmetic"):
  ``fractions.Fraction(str(p)) * n``, so that ``⌈0.07 · 100⌉`` is 7 and not 8 as it would be in float64.
  If ``n ≥ 1`` then ``k ≥ 1``.
* :func:`competition_rank` and :func:`group_competition_rank` implement the competition rule of §2.8
  (1, 2, 2, 4): ``rank_u = 1 + #{v : s_v non-missing and s_v > s_u}``, missing stays missing, ties are exact
  float64 equality. ``descending=False`` ranks from the bottom (``1 + #{v : s_v < s_u}``, §6 ``R_bot``).

Pure numpy; no Django.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd


def exact_fraction(p: object, *, name: str = "share") -> Fraction:
    """``Fraction(str(p))`` for a number ``p``: the decimal the user wrote, not its binary approximation.

    Accepts ints, floats, :class:`fractions.Fraction` and numeric strings such as ``"0.07"`` or ``"1/3"``.
    Booleans, NaN and infinities are rejected with a :class:`ValueError` naming ``name``.
    """
    if isinstance(p, bool) or p is None:
        raise ValueError(f"{name} must be a number, got {p!r}")
    if isinstance(p, Fraction):
        return p
    if isinstance(p, numbers.Real):
        if not math.isfinite(float(p)):
            raise ValueError(f"{name} must be finite, got {p!r}")
        if isinstance(p, numbers.Integral):
            return Fraction(int(p))
        # str() of a float is its shortest round-trip decimal: str(0.07) == "0.07".
        return Fraction(str(float(p)))
    if isinstance(p, str):
        try:
            return Fraction(p.strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"{name} must be a number, got {p!r}") from exc
    raise ValueError(f"{name} must be a number, got {p!r}")


def share_cutoff(p: object, n: int) -> int:
    """``k = ⌈p · n⌉`` computed exactly (§5); ``k ≥ 1`` whenever ``n ≥ 1``; ``k = 0`` when ``n = 0``.

    >>> share_cutoff(0.07, 100)
    7
    >>> share_cutoff(0.25, 5)
    2
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if n == 0:
        return 0
    k = math.ceil(exact_fraction(p) * n)
    return max(1, k)


def competition_rank(values: Sequence[float] | np.ndarray, *, descending: bool = True) -> np.ndarray:
    """Competition ranks (§2.8) of a 1-D array; NaN in, NaN out. Returns float64.

    ``descending=True``: ``1 + #{v : x_v > x_u}`` (higher is better, ``R_top``).
    ``descending=False``: ``1 + #{v : x_v < x_u}`` (``R_bot``).
    """
    x = np.asarray(values, dtype=np.float64)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    v = x[ok]
    if v.size == 0:
        return out
    s = np.sort(v)
    if descending:
        # number of values strictly greater than v = size - (number <= v)
        out[ok] = 1.0 + (s.size - np.searchsorted(s, v, side="right"))
    else:
        out[ok] = 1.0 + np.searchsorted(s, v, side="left")
    return out


def group_codes(groups: Sequence[Hashable] | pd.Series | np.ndarray) -> np.ndarray:
    """Integer codes for group labels; a missing label (None, NaN, pd.NA, empty string) gets -1."""
    g = pd.Series(list(groups) if not isinstance(groups, pd.Series) else groups.to_numpy(), dtype=object)
    missing = g.isna() | (g.astype(str).str.strip() == "")
    codes = np.full(len(g), -1, dtype=np.int64)
    if (~missing).any():
        codes[~missing.to_numpy()] = pd.factorize(g[~missing].astype(str))[0]
    return codes


def group_competition_rank(
    values: Sequence[float] | np.ndarray,
    groups: Sequence[Hashable] | pd.Series | np.ndarray | None = None,
    *,
    codes: np.ndarray | None = None,
    descending: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Within-group competition ranks and the group sizes ``n_g`` (§2.8, §5).

    Give either ``groups`` (labels) or ``codes`` (from :func:`group_codes`, -1 = no group). Returns
    ``(rank, n)``: ``rank`` as in :func:`competition_rank` but among units with the same group value; ``n``
    is, per unit, the number of units of its group with a non-missing value. A unit with a missing group
    value gets a missing rank and ``n = NaN``.
    """
    x = np.asarray(values, dtype=np.float64)
    if codes is None:
        if groups is None:
            raise ValueError("give groups or codes")
        codes = group_codes(groups)
    codes = np.asarray(codes, dtype=np.int64)
    if codes.shape != x.shape:
        raise ValueError("values and groups must have the same length")
    rank = np.full(x.shape, np.nan)
    n = np.full(x.shape, np.nan)
    for g in np.unique(codes[codes >= 0]):
        idx = np.flatnonzero(codes == g)
        rank[idx] = competition_rank(x[idx], descending=descending)
        n[idx] = float(np.count_nonzero(~np.isnan(x[idx])))
    return rank, n


def share_cutoffs(p: object, n: np.ndarray) -> np.ndarray:
    """Vectorised :func:`share_cutoff`: ``⌈p · n⌉`` exactly for an array of counts (NaN stays NaN).

    ``⌈a·n / b⌉`` is computed in integers as ``-((-a·n) // b)`` for ``p = a/b``; at least 1 where ``n ≥ 1``.
    """
    frac = exact_fraction(p)
    n = np.asarray(n, dtype=np.float64)
    out = np.full(n.shape, np.nan)
    ok = ~np.isnan(n)
    if ok.any():
        ns = n[ok].astype(np.int64)
        k = -((-frac.numerator * ns) // frac.denominator)
        out[ok] = np.where(ns >= 1, np.maximum(k, 1), 0).astype(np.float64)
    return out


def group_rank_matrix(values: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Within-group competition ranks of every column of ``values`` (units × columns) at once.

    ``codes`` from :func:`group_codes` (-1 = no group). Returns ``(r_top, r_bot, n)``: ranks from the top
    (``1 + #{v : x_v > x_u}``) and from the bottom (``1 + #{v : x_v < x_u}``) within the unit's group, and the
    group's count of non-missing values; NaN for missing values and for units without a group.
    """
    x = np.array(values, dtype=np.float64, copy=True)
    codes = np.asarray(codes, dtype=np.int64)
    x[codes < 0, :] = np.nan
    g = pd.DataFrame(x).groupby(codes, sort=False)
    r_top = g.rank(method="min", ascending=False).to_numpy(dtype=np.float64, copy=True)
    r_bot = g.rank(method="min", ascending=True).to_numpy(dtype=np.float64, copy=True)
    n = g.transform("count").to_numpy(dtype=np.float64, copy=True)
    n[codes < 0, :] = np.nan
    return r_top, r_bot, n
