"""Ranks of the data-evaluation candidates within a group (a belt, a theme), with rank intervals.

The evaluation run gives every county a national rank with a 5–95% interval from its uncertainty
analysis. Within a group of candidates, a county's rank is 1 + the candidates of the group with a
higher index. Its interval is derived from the national intervals, with no new simulation:

- best case: 1 + the group's candidates that are *certainly* ahead (their national q95 is better,
  i.e. smaller, than this county's q05);
- worst case: 1 + the group's candidates that are *possibly* ahead (their q05 is better than or equal
  to this county's q95), counting only others.

Candidates without an index come last, unranked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    group: Hashable
    score: float | None
    national_q05: float | None = None
    national_q95: float | None = None


@dataclass(frozen=True)
class GroupRank:
    rank: int | None
    size: int
    best: int | None = None
    worst: int | None = None


def group_ranks(candidates: Iterable[Candidate]) -> dict[Hashable, GroupRank]:
    """Rank → :class:`GroupRank` for every candidate, within its own group."""
    groups: dict[Hashable, list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[c.group].append(c)
    out: dict[Hashable, GroupRank] = {}
    for members in groups.values():
        scored = [c for c in members if c.score is not None]
        for c in members:
            if c.score is None:
                out[c.key] = GroupRank(None, len(scored))
                continue
            rank = 1 + sum(1 for o in scored if o.score > c.score)
            best = worst = None
            if c.national_q05 is not None and c.national_q95 is not None:
                others = [o for o in scored if o.key != c.key and o.national_q05 is not None and o.national_q95 is not None]
                best = 1 + sum(1 for o in others if o.national_q95 < c.national_q05)
                worst = 1 + sum(1 for o in others if o.national_q05 <= c.national_q95)
                best, worst = min(best, rank), max(worst, rank)
            out[c.key] = GroupRank(rank, len(scored), best, worst)
    return out
