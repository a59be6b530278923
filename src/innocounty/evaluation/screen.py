"""Screen units by data coverage (按数据完整度筛选, methodology §2.2).

coverage_u = 1 − m_u / K; a unit is excluded when coverage_u < min_coverage (strict), or, with
``nonzero_thresh`` set, when 1 − zeros_u / (K − m_u) < nonzero_thresh; ``force`` (code → keep) applies last.
"""

from __future__ import annotations

import numpy as np


def screen(x: np.ndarray, codes: np.ndarray, cfg: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return (included mask, coverage) for the matrix ``x`` (units × indicators) of one year."""
    k = x.shape[1]
    missing = np.isnan(x).sum(axis=1)
    coverage = 1 - missing / k
    included = ~(coverage < cfg["min_coverage"])
    thresh = cfg.get("nonzero_thresh")
    if thresh is not None:
        zeros = (x == 0).sum(axis=1)
        present = k - missing
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(present > 0, 1 - zeros / np.where(present > 0, present, 1), np.nan)
        included &= ~((share < thresh) | (present == 0))
    force = cfg.get("force") or {}
    if force:
        for i, c in enumerate(codes):
            if c in force:
                included[i] = bool(force[c])
    return included, coverage
