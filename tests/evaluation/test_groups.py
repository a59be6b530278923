"""§4 performance groups: EIS-style relative classes and Hebei-style fixed thresholds (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation._sections import SectionError
from innocounty.evaluation.errors import MethodError, StageError
from innocounty.evaluation.groups import (
    FIXED_DEFAULT,
    RELATIVE_DEFAULT,
    ClassScheme,
    GroupsError,
    GroupsReferenceError,
    parse_groups_config,
    performance_groups,
    reference_values,
)


def labels(col):
    """Column values with missing as None (pandas 3 stores missing labels as NaN in a str column)."""
    return [None if pd.isna(v) else v for v in col]


def scores(values, codes=None):
    codes = codes or [f"U{i}" for i in range(len(values))]
    return pd.Series(values, index=pd.Index(codes, dtype=object), dtype="float64")


def test_relative_default_bounds_125_strict_100_70():
    # ratio exactly 125 is Strong (125 is strict), 100 is Strong (>=), 70 is Moderate, just below is Emerging.
    got = RELATIVE_DEFAULT.label([125.0000001, 125.0, 100.0, 99.999, 70.0, 69.99, np.nan])
    assert list(got) == ["Leader", "Strong", "Strong", "Moderate", "Moderate", "Emerging", None]


def test_fixed_default_hebei_a80_b60():
    got = FIXED_DEFAULT.label([100, 80, 79.9999, 60, 59.9, 0, np.nan])
    assert list(got) == ["A", "A", "B", "B", "C", "C", None]


def test_national_reference_and_ratio():
    # mean of (80, 40, 60, NA) = 60; ratios 133.33, 66.67, 100
    df = performance_groups(scores([80.0, 40.0, 60.0, np.nan]), node="INDEX")
    assert list(df.columns[:3]) == ["code", "node", "score"]
    assert df["reference"].iloc[0] == 60.0
    assert df["ratio"].iloc[0] == pytest.approx(400 / 3, rel=1e-15)
    assert df["ratio"].iloc[2] == 100.0
    assert np.isnan(df["ratio"].iloc[3])
    assert labels(df["relative_class"]) == ["Leader", "Emerging", "Strong", None]
    assert labels(df["relative_class_name"]) == ["创新领先", "创新起步", "创新强劲", None]
    assert labels(df["fixed_class"]) == ["A", "C", "B", None]
    assert df.attrs["warnings"] == []


def test_ratio_is_100_times_score_over_reference_in_that_order():
    s = scores([0.1, 0.2, 0.7])
    df = performance_groups(s)
    ref = np.mean([0.1, 0.2, 0.7])
    assert list(df["ratio"]) == [100.0 * v / ref for v in (0.1, 0.2, 0.7)]


def test_exact_bound_125_counts_as_strong():
    # mean of (125, 75) is 100 → ratio of the first unit is exactly 125, not > 125
    df = performance_groups(scores([125.0, 75.0]))
    assert df["ratio"].iloc[0] == 125.0
    assert labels(df["relative_class"]) == ["Strong", "Moderate"]


def test_group_reference_uses_own_province_mean():
    # province A: mean 60 → ratios 150, 50; province B: mean 15 → ratios 120, 80; no province → missing
    s = scores([90.0, 30.0, 18.0, 12.0, 50.0])
    prov = pd.Series(["A", "A", "B", "B", None], index=s.index, dtype=object)
    df = performance_groups(s, {"reference": "group:province"}, group_values=prov)
    assert labels(df["province"]) == ["A", "A", "B", "B", None]
    assert df["reference"].iloc[:4].tolist() == [60.0, 60.0, 15.0, 15.0]
    assert np.isnan(df["reference"].iloc[4])
    assert labels(df["relative_class"]) == ["Leader", "Emerging", "Strong", "Moderate", None]


def test_fixed_number_reference():
    df = performance_groups(scores([50.0, 30.0]), {"reference": 40})
    assert list(df["ratio"]) == [125.0, 75.0]
    assert labels(df["relative_class"]) == ["Strong", "Moderate"]


@pytest.mark.parametrize("values", [[-1.0, 0.5], [0.0, 0.0], [-0.5, -0.2]])
def test_reference_not_positive_is_an_error(values):
    with pytest.raises(GroupsReferenceError, match="<= 0") as info:
        performance_groups(scores(values), node="INDEX")
    assert isinstance(info.value, StageError) and isinstance(info.value, ValueError)
    assert "INDEX" in str(info.value)


def test_group_reference_not_positive_names_the_group():
    s = scores([10.0, 20.0, -3.0, 1.0])
    prov = pd.Series(["A", "A", "B", "B"], index=s.index, dtype=object)
    with pytest.raises(GroupsReferenceError, match="province = B"):
        reference_values(s.to_numpy(), "group:province", prov, node="INDEX")


def test_fixed_thresholds_on_relatively_normalised_node_warn():
    seen = []
    df = performance_groups(scores([90.0, 50.0]), {"relative": False}, node="D1",
                            indicator_methods={"I01": "minmax", "I02": "target_ratio"}, warn=seen.append)
    assert "relative_class" not in df.columns and "ratio" not in df.columns
    assert len(seen) == 1 and "fixed thresholds" in seen[0] and "I01: minmax" in seen[0]
    assert "I02" not in seen[0]
    assert df.attrs["warnings"] == seen


def test_fixed_thresholds_on_absolute_scores_do_not_warn():
    df = performance_groups(scores([90.0, 50.0]), indicator_methods={"I01": "target_ratio", "I02": "goalposts"},
                            warn=lambda m: None)
    assert df.attrs["warnings"] == []


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "prank"])
def test_every_relative_method_triggers_the_fixed_threshold_warning(method):
    df = performance_groups(scores([90.0, 50.0]), {"relative": False}, indicator_methods={"I01": method},
                            warn=lambda m: None)
    assert any("fixed thresholds" in m for m in df.attrs["warnings"])


def test_custom_bounds_eis_120_90_50_and_labels():
    cfg = parse_groups_config({"relative": {"bounds": [120, 90, 50]}, "fixed": {"bounds": [85], "labels": ["pass", "fail"]}})
    assert cfg.relative.strict == (True, False, False)
    assert cfg.relative.labels == RELATIVE_DEFAULT.labels
    df = performance_groups(scores([120.0, 80.0]), cfg)  # mean 100
    assert labels(df["relative_class"]) == ["Strong", "Moderate"]
    assert labels(df["fixed_class"]) == ["pass", "fail"]


def test_strict_flag_applies_per_bound():
    scheme = ClassScheme(bounds=(80.0, 60.0), strict=(True, True), labels=("A", "B", "C"))
    assert list(scheme.label([80.0, 60.0, 60.0001])) == ["B", "C", "B"]


def test_equal_bounds_need_strict_then_not_strict():
    ClassScheme(bounds=(100.0, 100.0), strict=(True, False), labels=("above", "at", "below"))
    with pytest.raises(GroupsError, match="best to worst"):
        ClassScheme(bounds=(100.0, 100.0), strict=(False, False), labels=("x", "y", "z"))
    with pytest.raises(GroupsError, match="best to worst"):
        parse_groups_config({"fixed": {"bounds": [60, 80]}})


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ({"nodes": "INDEX"}, "unknown key 'nodes'"),
        ({"relative": {"bound": [1]}}, r"groups.relative: unknown key 'bound'"),
        ({"reference": "provincial"}, "groups.reference"),
        ({"reference": 0}, "groups.reference must be > 0"),
        ({"relative": {"bounds": [130, 110]}}, "labels is required"),
        ({"fixed": {"bounds": [80, 60], "labels": ["A", "B"]}}, "len\\(bounds\\) \\+ 1"),
        ({"fixed": {"bounds": [80, 60], "strict": [True]}}, "strict"),
        ({"fixed": {"bounds": ["high"]}}, "finite number"),
        ({"relative": False, "fixed": False}, "both schemes"),
        ("relative", "must be a mapping"),
    ],
)
def test_invalid_sections_raise_a_method_error_naming_the_key(raw, match):
    with pytest.raises(SectionError, match=match) as info:
        parse_groups_config(raw)
    assert isinstance(info.value, ValueError) and isinstance(info.value, MethodError)


def test_defaults_are_recorded():
    cfg = parse_groups_config(None)
    assert cfg.as_dict() == {
        "node": None,
        "reference": "national",
        "relative": {"bounds": [125.0, 100.0, 70.0], "strict": [True, False, False],
                     "labels": ["Leader", "Strong", "Moderate", "Emerging"],
                     "names": ["创新领先", "创新强劲", "创新中等", "创新起步"]},
        "fixed": {"bounds": [80.0, 60.0], "strict": [False, False], "labels": ["A", "B", "C"]},
    }
    assert parse_groups_config({"reference": "group: province"}).reference_column == "province"


def test_reference_mean_does_not_depend_on_unit_order():
    # 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in float64; the correctly rounded sum does not
    assert 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1
    up = reference_values(np.array([0.1, 0.2, 0.3]))
    down = reference_values(np.array([0.3, 0.2, 0.1]))
    assert up[0] == down[0] == 0.6 / 3
