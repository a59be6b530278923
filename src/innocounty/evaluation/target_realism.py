"""Target realism: is a plan's quantitative target plausible, set against what comparable counties achieved?

For one indicator, the **improvement** over a window of years is the relative change from the start value,
signed by the indicator's direction: ``d · (v_end − v_start) / |v_start|`` (``d`` = +1 when higher is better,
−1 when lower is better; windows starting at 0 are left out). The comparisons:

- the target's improvement: from the baseline to the final target, scaled to three years
  (``· 3 / years``: a two-year target of +10% counts as +15% over three years);
- the county's own past improvement: over the latest three-year window of its monitoring data;
- the **peers**: every comparable county's improvement over its latest three-year window ending in the
  latest year with data. Comparable: same belt, same county type (unit type) and similar index level —
  the same index quintile (fifth) within the window's start year among the counties of that belt and
  type. With fewer than ``min_peers`` peers the quintile condition is dropped, then the type (the group
  used is reported).

Percentiles are linear between order statistics (Hyndman & Fan type 7, numpy's default): with the sorted
values ``x_0 ≤ … ≤ x_{n−1}``, the ``p``-th percentile is ``x_k + f · (x_{k+1} − x_k)`` where
``h = (n − 1) · p / 100``, ``k = ⌊h⌋``, ``f = h − k``. The target's **percentile rank** is the share of peers
whose improvement is below it plus half the share equal to it (×100).

Flags: a target **beyond the 95th percentile** of the peers (ambitious beyond what peers achieved), or
**below the median** (less than a typical comparable county achieved anyway); equality (up to 1e-9) flags
neither.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

WINDOW = 3
EPS = 1e-9  # rounding: a target equal to a percentile up to float error is not beyond it


class Realism(StrEnum):
    BEYOND_P95 = "beyond_p95"
    BELOW_MEDIAN = "below_median"
    PLAUSIBLE = "plausible"
    UNKNOWN = "unknown"  # too few peers or no baseline


@dataclass(frozen=True)
class CountyFacts:
    code: str
    belt: str
    unit_type: str
    index_by_year: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RealismRule:
    upper_percentile: float = 95.0
    lower_percentile: float = 50.0
    min_peers: int = 5


DEFAULT_REALISM_RULE = RealismRule()


@dataclass(frozen=True)
class Comparison:
    code: str  # the indicator
    target_improvement: float | None
    own_improvement: float | None
    peer_improvements: tuple[float, ...]
    p50: float | None
    p95: float | None
    percentile_rank: float | None
    realism: Realism
    peer_group: str  # "belt+type+quintile", "belt+type", "belt" or ""
    window: tuple[int, int] | None = None


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values``, linear between order statistics (type 7)."""
    if not values:
        raise ValueError("no values")
    xs = sorted(values)
    h = (len(xs) - 1) * p / 100
    k = math.floor(h)
    if k + 1 >= len(xs):
        return xs[-1]
    return xs[k] + (h - k) * (xs[k + 1] - xs[k])


def percentile_rank(values: Sequence[float], x: float) -> float:
    below = sum(1 for v in values if v < x)
    equal = sum(1 for v in values if v == x)
    return 100 * (below + equal / 2) / len(values)


def improvement(start: float | None, end: float | None, direction: int = 1) -> float | None:
    if start is None or end is None or start == 0:
        return None
    return direction * (end - start) / abs(start)


def latest_window(series: Mapping[int, float], until: int | None = None) -> tuple[int, int] | None:
    """The latest (start, end) with values ``WINDOW`` years apart, ending at or before ``until``."""
    for end in sorted(series, reverse=True):
        if until is not None and end > until:
            continue
        if end - WINDOW in series:
            return end - WINDOW, end
    return None


def quintile_of(value: float, values: Sequence[float]) -> int:
    """1–5: which fifth of ``values`` ``value`` falls in (by rank; ties share the lower fifth)."""
    below = sum(1 for v in values if v < value)
    return min(int(5 * below / len(values)) + 1, 5)


def _peers(county: CountyFacts, others: Iterable[CountyFacts], year: int, rule: RealismRule,
           usable) -> tuple[list[CountyFacts], str]:  # fmt: skip
    others = [c for c in others if c.code != county.code and usable(c)]
    same_belt = [c for c in others if c.belt == county.belt]
    same_type = [c for c in same_belt if c.unit_type == county.unit_type]
    own_index = county.index_by_year.get(year)
    if own_index is not None:
        pool = [c for c in same_type if year in c.index_by_year] + [county]
        levels = [c.index_by_year[year] for c in pool if year in c.index_by_year]
        mine = quintile_of(own_index, levels)
        similar = [c for c in same_type if year in c.index_by_year
                   and quintile_of(c.index_by_year[year], levels) == mine]  # fmt: skip
        if len(similar) >= rule.min_peers:
            return similar, "belt+type+quintile"
    if len(same_type) >= rule.min_peers:
        return same_type, "belt+type"
    if len(same_belt) >= rule.min_peers:
        return same_belt, "belt"
    return [], ""


def compare(county: CountyFacts, counties: Iterable[CountyFacts], values: Mapping[str, Mapping[int, float]], *,
            indicator: str, baseline: float | None, final_target: float | None, years: int, direction: int = 1,
            rule: RealismRule = DEFAULT_REALISM_RULE) -> Comparison:  # fmt: skip
    """Set one target (baseline → final target over ``years`` years) against the county's own past and its
    peers. ``values``: county code → year → the indicator's value (monitoring data)."""
    counties = list(counties)
    target = improvement(baseline, final_target, direction)
    if target is not None and years > 0:
        target = target * WINDOW / years
    own_series = values.get(county.code, {})
    own_window = latest_window(own_series)
    own = improvement(own_series[own_window[0]], own_series[own_window[1]], direction) if own_window else None
    latest = max((y for s in values.values() for y in s), default=None)

    def window_of(c: CountyFacts):
        return latest_window(values.get(c.code, {}), latest)

    def usable(c: CountyFacts) -> bool:
        w = window_of(c)
        return (
            w is not None and improvement(values[c.code][w[0]], values[c.code][w[1]], direction) is not None
        )

    start_year = own_window[0] if own_window else (latest - WINDOW if latest is not None else None)
    peers, group = _peers(county, counties, start_year, rule, usable) if start_year is not None else ([], "")
    improvements = []
    for c in peers:
        w = window_of(c)
        improvements.append(improvement(values[c.code][w[0]], values[c.code][w[1]], direction))
    if len(improvements) < rule.min_peers or target is None:
        return Comparison(indicator, target, own, tuple(improvements), None, None, None, Realism.UNKNOWN, group,
                          (start_year, start_year + WINDOW) if start_year is not None else None)  # fmt: skip
    p50, p95 = (
        percentile(improvements, rule.lower_percentile),
        percentile(improvements, rule.upper_percentile),
    )
    if target > p95 + EPS:
        realism = Realism.BEYOND_P95
    elif target < p50 - EPS:
        realism = Realism.BELOW_MEDIAN
    else:
        realism = Realism.PLAUSIBLE
    return Comparison(indicator, target, own, tuple(sorted(improvements)), p50, p95,
                      percentile_rank(improvements, target), realism, group, (start_year, start_year + WINDOW))  # fmt: skip
