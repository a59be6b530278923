"""Tracking arithmetic against hand computations."""

import pytest

from innocounty.programme.plans import Direction, QuantitativeTarget
from innocounty.programme.target_tracking import (
    Track,
    TrackingRule,
    expected_value,
    far_behind,
    latest_with_data,
    track,
    track_plan,
)

# baseline 10 in 2023, final target 16 in 2026: expected 12 (2024), 14 (2025), 16 (2026)
T = QuantitativeTarget(
    "I01", 10.0, {2024: 11.0, 2025: 13.0, 2026: 16.0}, baseline_year=2023, indicator_name="研发"
)
LOWER = QuantitativeTarget("I09", 10.0, {2024: 9, 2025: 8, 2026: 4.0}, Direction.LOWER_IS_BETTER, 2023)


def test_expected_on_the_straight_line():
    assert [expected_value(T, y) for y in (2023, 2024, 2025, 2026, 2027)] == [10, 12, 14, 16, 16]
    assert expected_value(LOWER, 2024) == pytest.approx(8.0)  # 10 + (4 − 10) / 3


@pytest.mark.parametrize(("actual", "kind", "far"), [
    (16.5, Track.ACHIEVED, False),  # beyond the final target already
    (12.0, Track.ON_TRACK, False),  # exactly on the line
    (11.5, Track.BEHIND, False),  # progress 1.5 of 2 expected: 75% ≥ 50%
    (11.0, Track.BEHIND, False),  # exactly 50%: not far behind (strictly less is)
    (10.9, Track.BEHIND, True),  # 45%
    (9.0, Track.BEHIND, True),  # went backwards
    (None, Track.NO_DATA, False),
])  # fmt: skip
def test_track_2024(actual, kind, far):
    s = track(T, 2024, actual)
    assert (s.track, s.far_behind) == (kind, far)
    if actual is not None:
        assert s.progress_share == pytest.approx((actual - 10) / 2)


def test_lower_is_better():
    assert track(LOWER, 2024, 7.9).track is Track.ON_TRACK
    assert track(LOWER, 2024, 9.5).far_behind  # 0.5 of 2 expected: 25%
    assert track(LOWER, 2026, 3.0).track is Track.ACHIEVED


def test_a_configurable_rule():
    assert not track(T, 2024, 10.9, TrackingRule(far_behind_fraction=0.4)).far_behind
    statuses = [track(T, 2024, 9.0), track(LOWER, 2024, 7.0)]
    assert far_behind(statuses) and not far_behind(statuses, TrackingRule(min_targets=2))


def test_without_baseline_year_the_year_before_the_first_target():
    t = QuantitativeTarget("I02", 1.0, {2024: 2.0, 2025: 3.0, 2026: 4.0})
    assert expected_value(t, 2024) == pytest.approx(2.0)


def test_latest_year_with_data():
    by_year = track_plan([T], {2024: {"I01": 12.0}, 2025: {"I01": None}})
    year, statuses = latest_with_data(by_year)
    assert year == 2024 and statuses[0].track is Track.ON_TRACK
