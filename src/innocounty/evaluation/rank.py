"""Competition ranks (1, 2, 2, 4) nationally and within groups (methodology §2.8), vectorised across replicates.

rank_u = 1 + #{v : s_v non-missing and s_v > s_u}; a missing score gets a missing rank; ties are exact float64
equality. Within a group the same rule applies among units with the same group value; a missing group value gives
a missing group rank. Ranks are returned as float64 arrays (NaN = missing).
"""

from __future__ import annotations

import numpy as np


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis of ``scores`` (shape (n,) or (R, n)); higher is better."""
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    out = np.full(s.shape, np.nan)
    if s.shape[1] == 0:
        return out.reshape(np.shape(scores))
    srt = np.sort(s, axis=1)  # NaN last
    nvalid = (~np.isnan(srt)).sum(axis=1)
    for r in range(s.shape[0]):
        nv = int(nvalid[r])
        row = s[r]
        obs = ~np.isnan(row)
        # number of valid values <= s_u; rank = 1 + (nv - that)
        out[r, obs] = 1 + nv - np.searchsorted(srt[r, :nv], row[obs], side="right")
    return out.reshape(np.shape(scores))


def group_index(groups: np.ndarray) -> list[np.ndarray]:
    """Row positions of each group value (first-appearance order); units with a missing value are left out."""
    keys: dict[str, list[int]] = {}
    for i, g in enumerate(groups.tolist()):
        if g is not None:
            keys.setdefault(g, []).append(i)
    return [np.asarray(v, dtype=np.int64) for v in keys.values()]


def group_competition_ranks(scores: np.ndarray, groups: np.ndarray | list[np.ndarray]) -> np.ndarray:
    """Competition ranks within groups. ``groups``: group values per unit (None = missing) or a group_index."""
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    idx = group_index(np.asarray(groups, dtype=object)) if not isinstance(groups, list) else groups
    out = np.full(s.shape, np.nan)
    for rows in idx:
        out[:, rows] = competition_ranks(s[:, rows])
    return out.reshape(np.shape(scores))
