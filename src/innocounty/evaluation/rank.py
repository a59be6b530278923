"""Competition ranks (1, 2, 2, 4) nationally and within groups (methodology §2.8), vectorised across replicates.

rank_u = 1 + #{v : s_v non-missing and s_v > s_u}; a missing score gets a missing rank; ties are exact float64
equality. Within a group the same rule applies among units with the same group value; a missing group value gives
a missing group rank. Ranks are returned as float64 arrays (NaN = missing).

Method (exact, no per-row loop): sort each row descending (NaN last); the rank of an element is 1 + the position
of the first element of its run of equal values. Group ranks reuse the national order: a stable sort by group id
keeps each group's units in descending order, and the rank is 1 + (run start − group start).
"""

from __future__ import annotations

import numpy as np


def _descending(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-s, axis=1)  # NaN last; the order among equal values does not matter
    return order, np.take_along_axis(s, order, axis=1)


def _run_starts(brk: np.ndarray) -> np.ndarray:
    """Position of the first element of each run; ``brk[:, j]`` is True where a new run starts (column 0 True)."""
    idx = np.where(brk, np.arange(brk.shape[1], dtype=np.int32), np.int32(0))
    return np.maximum.accumulate(idx, axis=1)


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis of ``scores`` (shape (n,) or (R, n)); higher is better."""
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    if s.shape[1] == 0:
        return np.full(np.shape(scores), np.nan)
    order, b = _descending(s)
    return _national(order, b).reshape(np.shape(scores))


def _national(order: np.ndarray, b: np.ndarray) -> np.ndarray:
    brk = np.empty(b.shape, dtype=bool)
    brk[:, 0] = True
    np.not_equal(b[:, 1:], b[:, :-1], out=brk[:, 1:])
    ranked = _run_starts(brk).astype(np.float64)
    ranked += 1
    ranked[np.isnan(b)] = np.nan
    out = np.empty_like(ranked)
    np.put_along_axis(out, order, ranked, axis=1)
    return out


def group_index(groups: np.ndarray) -> list[np.ndarray]:
    """Row positions of each group value (first-appearance order); units with a missing value are left out."""
    keys: dict[str, list[int]] = {}
    for i, g in enumerate(np.asarray(groups, dtype=object).tolist()):
        if g is not None:
            keys.setdefault(g, []).append(i)
    return [np.asarray(v, dtype=np.int64) for v in keys.values()]


def group_ids(index: list[np.ndarray], n: int) -> np.ndarray:
    """Group id per unit from a group_index; a missing group gets id len(index) (ranked missing)."""
    dtype = np.int16 if len(index) < 32767 else np.int32   # int16: numpy's stable sort is a radix sort
    gid = np.full(n, len(index), dtype=dtype)
    for k, rows in enumerate(index):
        gid[rows] = k
    return gid


def group_competition_ranks(scores: np.ndarray, groups: np.ndarray | list[np.ndarray]) -> np.ndarray:
    """Competition ranks within groups. ``groups``: group values per unit (None = missing) or a group_index."""
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    index = groups if isinstance(groups, list) else group_index(np.asarray(groups, dtype=object))
    order, b = _descending(s)
    return _group_ranks(order, b, index, s.shape[1]).reshape(np.shape(scores))


def _group_ranks(order: np.ndarray, b: np.ndarray, index: list[np.ndarray], n: int) -> np.ndarray:
    gid = group_ids(index, n)
    g_sorted = gid[order]
    perm = np.argsort(g_sorted, axis=1, kind="stable")
    bg = np.take_along_axis(b, perm, axis=1)
    gg = np.take_along_axis(g_sorted, perm, axis=1)
    new_group = np.empty(bg.shape, dtype=bool)
    new_group[:, 0] = True
    np.not_equal(gg[:, 1:], gg[:, :-1], out=new_group[:, 1:])
    brk = new_group.copy()
    brk[:, 1:] |= bg[:, 1:] != bg[:, :-1]
    ranked = (_run_starts(brk) - _run_starts(new_group)).astype(np.float64)
    ranked += 1
    ranked[np.isnan(bg) | (gg == len(index))] = np.nan
    out = np.empty_like(ranked)
    np.put_along_axis(out, np.take_along_axis(order, perm, axis=1), ranked, axis=1)
    return out


def ranks_with_groups(scores: np.ndarray, groups: dict[str, list[np.ndarray]]) -> tuple[np.ndarray, dict]:
    """National ranks and the ranks within each group column, sharing one sort. ``scores`` is (R, n)."""
    s = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    order, b = _descending(s)
    return _national(order, b), {g: _group_ranks(order, b, idx, s.shape[1]) for g, idx in groups.items()}
