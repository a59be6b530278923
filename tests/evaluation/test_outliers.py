"""Outlier screening against a hand computation: robust z of log changes, modified z against peers, the
fallback of peer groups and the explanation texts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innocounty.evaluation.outliers import Thresholds, screen

CONSISTENCY = 0.6745


def frame(values: dict[str, float], code="I07") -> pd.DataFrame:
    return pd.DataFrame({code: values}).astype(float)


def keys(counties, province="11", belt="east", unit_type="县") -> pd.DataFrame:
    return pd.DataFrame({"province": province, "belt": belt, "unit_type": unit_type}, index=list(counties))


def test_history_flag_matches_a_hand_computation():
    counties = [f"c{i}" for i in range(10)]
    previous = frame(dict.fromkeys(counties, 100.0))
    growth = [1.04, 1.05, 1.06, 1.06, 1.06, 1.07, 1.08, 1.02, 1.10, 5.80]  # c9: +480 %; median +6 %
    current = frame({c: 100.0 * g for c, g in zip(counties, growth, strict=True)})
    flags = [f for f in screen(current, previous, keys(counties)) if f.method == "history"]
    d = np.log(np.array(growth))
    median = np.median(d)
    mad = np.median(np.abs(d - median))
    z = CONSISTENCY * (d[-1] - median) / mad
    assert [f.county for f in flags] == ["c9"]
    assert flags[0].score == pytest.approx(z)
    assert flags[0].peer_median == pytest.approx(math.exp(median) - 1)
    assert flags[0].message_zh.startswith("比上年增长 480%，同类县中位数 6%")
    assert flags[0].message_en.startswith("up 480% on last year; peer median 6%")


def test_small_changes_are_not_flagged_even_in_a_tight_group():
    counties = [f"c{i}" for i in range(10)]
    previous = frame(dict.fromkeys(counties, 100.0))
    current = frame(
        {c: 100.0 + (30.0 if c == "c0" else i * 0.01) for i, c in enumerate(counties)}
    )  # +30 % < 50 %
    assert [f for f in screen(current, previous, keys(counties)) if f.method == "history"] == []
    strict = Thresholds(min_change=0.2)
    assert [f.county for f in screen(current, previous, keys(counties), strict) if f.method == "history"] == [
        "c0"
    ]


def test_peer_flag_matches_a_hand_computation():
    counties = [f"c{i}" for i in range(9)]
    values = [10, 12, 9, 11, 10.5, 9.5, 11.5, 10, 400]
    flags = screen(frame(dict(zip(counties, values, strict=True))), None, keys(counties))
    logs = np.log(values)
    median = np.median(logs)
    mad = np.median(np.abs(logs - median))
    assert [(f.county, f.method) for f in flags] == [("c8", "peer")]
    assert flags[0].score == pytest.approx(CONSISTENCY * (logs[-1] - median) / mad)
    assert flags[0].peer_median == pytest.approx(math.exp(median))
    assert "同类县中位数 10.5" in flags[0].message_zh and "peer median 10.5" in flags[0].message_en


def test_peer_groups_fall_back_from_province_to_belt_to_type():
    # Three provinces of 4 counties each (too few alone), one belt: the belt-and-type group of 12 decides.
    counties = [f"p{p}c{i}" for p in range(3) for i in range(4)]
    values = {c: 10.0 + i % 3 for i, c in enumerate(counties)}
    values["p2c3"] = 500.0
    k = pd.DataFrame(
        {"province": [c[:2] for c in counties], "belt": "west", "unit_type": "县"}, index=counties
    )
    assert [f.county for f in screen(frame(values), None, k)] == ["p2c3"]
    # Another type is never a peer: a lone 县级市 is screened against nobody.
    k.loc["p2c3", "unit_type"] = "县级市"
    assert screen(frame(values), None, k) == []


def test_zero_mad_missing_and_nonpositive_values_screen_nothing():
    counties = [f"c{i}" for i in range(10)]
    same = frame(dict.fromkeys(counties, 5.0) | {"c9": 50.0})  # MAD 0: more than half equal
    assert screen(same, None, keys(counties)) == []
    gaps = frame({c: (np.nan if i % 2 else 0.0) for i, c in enumerate(counties)})
    assert screen(gaps, frame(dict.fromkeys(counties, 1.0)), keys(counties)) == []


def test_thresholds_from_a_mapping_and_their_bounds():
    t = Thresholds.from_mapping({"peer_z": "5", "min_peers": 12.0, "unknown": 1, "history_z": None})
    assert (t.peer_z, t.min_peers, t.history_z) == (5.0, 12, 3.5)
    assert Thresholds(history_z=0.5, min_peers=1).problems() == ["history_z", "min_peers"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.5, 5000, allow_nan=False), min_size=9, max_size=30),
       st.floats(0.001, 1000, allow_nan=False))
def test_flags_do_not_depend_on_the_unit(values, factor):
    """Screening works on logs: the same values in another unit (×factor) give the same flags and scores."""
    counties = [f"c{i}" for i in range(len(values))]
    base = screen(frame(dict(zip(counties, values, strict=True))), None, keys(counties))
    scaled = screen(frame({c: v * factor for c, v in zip(counties, values, strict=True)}), None, keys(counties))
    assert [(f.county, f.method) for f in base] == [(f.county, f.method) for f in scaled]
    for a, b in zip(base, scaled, strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-6, abs=1e-6)
