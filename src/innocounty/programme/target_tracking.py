"""Target tracking (落实和督查): is each quantitative target of a plan on track, behind or achieved?

The rule (docs/construction.md):

- The **trajectory** of a target runs in a straight line from its baseline ``b`` in the baseline year
  ``y0`` to its final target ``T`` in the target year ``yT`` (the last construction year with a value):
  ``expected(y) = b + (T − b) · (y − y0) / (yT − y0)``, for ``y0 ≤ y ≤ yT`` (clamped outside).
  Without a baseline year the year before the first target year is taken.
- With the actual value ``a`` of year ``y`` and the indicator's direction ``d`` (+1 higher is better,
  −1 lower is better): **achieved** when ``d·(a − T) ≥ 0``; else **on track** when ``d·(a − expected(y)) ≥ 0``;
  else **behind**. No actual value: **no data**.
- **Far behind** (an early warning to the province and the ministry): behind, and the progress made is less
  than ``fraction`` (default 50%) of the progress expected by then: ``d·(a − b) < fraction · d·(expected(y) − b)``.
  A county is flagged when at least ``min_targets`` (default 1) of its targets are far behind in the latest
  year with data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .plans import Direction, QuantitativeTarget
from .problems import gettext_noop


class Track(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


TRACK_LABELS = {
    Track.ACHIEVED: gettext_noop("已达成"),
    Track.ON_TRACK: gettext_noop("进度正常"),
    Track.BEHIND: gettext_noop("进度滞后"),
    Track.NO_DATA: gettext_noop("暂无数据"),
}


@dataclass(frozen=True)
class TrackingRule:
    far_behind_fraction: float = 0.5  # far behind: less than this share of the expected progress made
    min_targets: int = 1  # a county is flagged with at least this many targets far behind


DEFAULT_TRACKING_RULE = TrackingRule()


@dataclass(frozen=True)
class TargetStatus:
    code: str
    name: str
    year: int
    baseline: float | None
    target: float | None  # the final target
    expected: float | None  # on the trajectory in ``year``
    actual: float | None
    track: Track
    far_behind: bool = False
    progress_share: float | None = None  # (a − b) / (expected − b): 1.0 = exactly on the trajectory


def final_target(target: QuantitativeTarget) -> tuple[int, float] | None:
    if not target.values:
        return None
    year = max(target.values)
    return year, target.values[year]


def expected_value(target: QuantitativeTarget, year: int) -> float | None:
    """The value on the straight line from the baseline to the final target in ``year``."""
    end = final_target(target)
    if end is None or target.baseline is None:
        return None
    y_target, value = end
    y0 = target.baseline_year if target.baseline_year is not None else min(target.values) - 1
    if y_target <= y0:
        return value
    share = min(max((year - y0) / (y_target - y0), 0.0), 1.0)
    return target.baseline + (value - target.baseline) * share


def track(target: QuantitativeTarget, year: int, actual: float | None,
          rule: TrackingRule = DEFAULT_TRACKING_RULE) -> TargetStatus:  # fmt: skip
    end = final_target(target)
    expected = expected_value(target, year)
    status = TargetStatus(target.indicator_code, target.indicator_name, year, target.baseline,
                          end[1] if end else None, expected, actual, Track.NO_DATA)  # fmt: skip
    if actual is None or end is None or expected is None or target.baseline is None:
        return status
    d = 1 if target.direction is Direction.HIGHER_IS_BETTER else -1
    wanted = d * (expected - target.baseline)
    made = d * (actual - target.baseline)
    share = made / wanted if wanted > 0 else None
    if d * (actual - end[1]) >= 0:
        kind = Track.ACHIEVED
    elif d * (actual - expected) >= 0:
        kind = Track.ON_TRACK
    else:
        kind = Track.BEHIND
    far = kind is Track.BEHIND and made < rule.far_behind_fraction * wanted
    return TargetStatus(
        status.code, status.name, year, target.baseline, end[1], expected, actual, kind, far, share
    )


def track_plan(targets: Iterable[QuantitativeTarget], actuals: Mapping[int, Mapping[str, float | None]],
               rule: TrackingRule = DEFAULT_TRACKING_RULE) -> dict[int, list[TargetStatus]]:  # fmt: skip
    """Year → the status of every target with the actual values of that year (``actuals[year][code]``)."""
    targets = list(targets)
    return {year: [track(t, year, values.get(t.indicator_code), rule) for t in targets]
            for year, values in sorted(actuals.items())}  # fmt: skip


def latest_with_data(by_year: Mapping[int, list[TargetStatus]]) -> tuple[int | None, list[TargetStatus]]:
    for year in sorted(by_year, reverse=True):
        if any(s.track is not Track.NO_DATA for s in by_year[year]):
            return year, by_year[year]
    return None, []


def far_behind(statuses: Iterable[TargetStatus], rule: TrackingRule = DEFAULT_TRACKING_RULE) -> bool:
    """Whether a county is flagged: at least ``rule.min_targets`` of these statuses far behind."""
    return sum(1 for s in statuses if s.far_behind) >= max(rule.min_targets, 1)
