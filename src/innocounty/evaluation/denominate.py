"""Denominate (按分母折算, methodology §2.1): x' = x / (D / s), computed in exactly this order.

A missing x or D gives a missing result; D ≤ 0 gives a missing result and a warning naming the unit and the
indicator (COINr: divides regardless). Indicators without a denominator pass through unchanged.
"""

from __future__ import annotations

import numpy as np


def denominate(x: np.ndarray, denominator: np.ndarray, scale_factor: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Return (x / (D / s), mask of units whose D ≤ 0). Both inputs are 1-D float arrays of the same length."""
    bad = denominator <= 0  # NaN compares False
    d = np.where(bad, np.nan, denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x / (d / scale_factor)
    return out, bad


def denominate_matrix(raw: np.ndarray, indicators: list[str], denominators: dict[str, tuple[np.ndarray, float]],
                      codes: np.ndarray, label: str) -> tuple[np.ndarray, list[str]]:
    """Denominate every indicator column that has a denominator; returns (matrix, warnings)."""
    out = raw.copy()
    warnings = []
    for k, code in enumerate(indicators):
        if code not in denominators:
            continue
        d, s = denominators[code]
        out[:, k], bad = denominate(raw[:, k], d, s)
        for i in np.flatnonzero(bad):
            warnings.append(f"denominate: indicator {code}{label}, unit {codes[i]}: denominator <= 0; value set missing")
    return out, warnings
