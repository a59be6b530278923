"""§6 strengths and weaknesses (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation._sections import SectionError
from innocounty.evaluation.strengths import ENTRY_COLUMNS, parse_strengths_config, strengths_weaknesses

UNITS = pd.Index(["u1", "u2", "u3", "u4", "u5"], dtype=object)
# Oriented values x̃ (higher is better), one province, n = 5 → k = ⌈0.25 · 5⌉ = 2.
#   I1: 10, 8, 6, 4, 2       → strengths u1 (R_top 1), u2 (2); weaknesses u5 (R_bot 1), u4 (2)
#   I2: 5, 3, 3, 3, 3        → u1 strength (R_top 1); u2..u5 have R_top 2 and R_bot 1: both → neither
#   I3: constant             → excluded (< 2 distinct values)
#   I4: NA, 1, 2, 3, 4 (n=4, k=1) → u5 strength, u2 weakness, u1 neither (missing)
VALUES = pd.DataFrame({
    "I1": [10.0, 8.0, 6.0, 4.0, 2.0],
    "I2": [5.0, 3.0, 3.0, 3.0, 3.0],
    "I3": [7.0, 7.0, 7.0, 7.0, 7.0],
    "I4": [np.nan, 1.0, 2.0, 3.0, 4.0],
}, index=UNITS)
PROV = pd.Series(["A"] * 5, index=UNITS, dtype=object)


def entries(df, unit, kind):
    sel = df[(df["code"] == unit) & (df["kind"] == kind)]
    return list(zip(sel["indicator"], sel["rank"], sel["position"], strict=True))


def test_hand_computed_strengths_and_weaknesses():
    seen: list[str] = []
    df = strengths_weaknesses(VALUES, scope_values=PROV, names={"I1": "指标一"}, warn=seen.append)
    assert tuple(df.columns) == ENTRY_COLUMNS
    assert entries(df, "u1", "strength") == [("I1", 1, 1), ("I2", 1, 2)]  # ties on R_top in framework order
    assert entries(df, "u1", "weakness") == []
    assert entries(df, "u2", "strength") == [("I1", 2, 1)]
    assert entries(df, "u2", "weakness") == [("I4", 1, 1)]
    assert entries(df, "u3", "strength") == [] and entries(df, "u3", "weakness") == []
    assert entries(df, "u4", "weakness") == [("I1", 2, 1)]
    assert entries(df, "u5", "strength") == [("I4", 1, 1)]
    assert entries(df, "u5", "weakness") == [("I1", 1, 1)]
    assert "I3" not in set(df["indicator"])
    assert len(seen) == 1 and "I3 (1)" in seen[0]
    row = df[(df["code"] == "u1") & (df["indicator"] == "I1")].iloc[0]
    assert (row["indicator_name"], row["value"], row["n"], row["k"], row["scope"], row["scope_value"]) == (
        "指标一", 10.0, 5, 2, "province", "A")
    assert df[(df["code"] == "u2") & (df["indicator"] == "I4")].iloc[0][["n", "k"]].tolist() == [4, 1]
    # units in input order, strengths before weaknesses
    assert df["code"].tolist() == ["u1", "u1", "u2", "u2", "u4", "u5", "u5"]
    assert df["kind"].tolist()[2:4] == ["strength", "weakness"]


def test_weaknesses_sorted_by_r_bot_and_limited():
    # u1 is worst on I2 (R_bot 1), second worst on I1 (R_bot 2), worst on I3 (R_bot 1)
    vals = pd.DataFrame({"I1": [2.0, 1.0, 5, 6, 7, 8, 9, 10], "I2": [0.0, 1, 2, 3, 4, 5, 6, 7],
                         "I3": [-1.0, 0, 1, 2, 3, 4, 5, 6]}, index=[f"v{i}" for i in range(8)])
    df = strengths_weaknesses(vals, {"scope": "national"})  # n = 8, k = 2
    assert entries(df, "v0", "weakness") == [("I2", 1, 1), ("I3", 1, 2), ("I1", 2, 3)]
    df = strengths_weaknesses(vals, {"scope": "national", "bottom_n": 2})
    assert entries(df, "v0", "weakness") == [("I2", 1, 1), ("I3", 1, 2)]
    df = strengths_weaknesses(vals, {"scope": "national", "bottom_n": None, "top_n": 0})
    assert (df["kind"] == "weakness").all()
    assert set(df["scope_value"]) == {""} and set(df["scope"]) == {"national"}


def test_min_unique_share_drops_at_or_below():
    # I2 has 2 distinct values among 5: share 0.4
    at = strengths_weaknesses(VALUES, {"min_unique_share": 0.4}, scope_values=PROV, warn=lambda m: None)
    assert "I2" not in set(at["indicator"])
    below = strengths_weaknesses(VALUES, {"min_unique_share": 0.39}, scope_values=PROV, warn=lambda m: None)
    assert "I2" in set(below["indicator"])


def test_count_indicator_mostly_zero_without_and_with_min_unique_share():
    # 创新密集区数-like: mostly 0. The zeros share R_bot = 1; they are weak once R_top = 1 + #non-zero > k.
    vals = pd.DataFrame({"I11": [0.0] * 11 + [3.0]}, index=[f"c{i}" for i in range(12)])
    df = strengths_weaknesses(vals, {"scope": "national"})  # k = 3; zeros: R_top 2 ≤ 3 and R_bot 1 → neither
    assert (df["kind"] == "strength").all() and df["code"].tolist() == ["c11"]
    vals = pd.DataFrame({"I11": [0.0] * 11 + [3.0, 5.0, 6.0]}, index=[f"c{i}" for i in range(14)])
    df = strengths_weaknesses(vals, {"scope": "national"})  # k = 4; zeros: R_top 4 ≤ 4 → still neither
    assert (df["kind"] == "strength").all()
    vals = pd.DataFrame({"I11": [0.0] * 11 + [3.0, 5.0, 6.0, 7.0, 8.0]}, index=[f"c{i}" for i in range(16)])
    df = strengths_weaknesses(vals, {"scope": "national"})  # k = 4; zeros: R_top 6 > 4, R_bot 1 → weak
    assert (df["kind"] == "weakness").sum() == 11
    df = strengths_weaknesses(vals, {"scope": "national", "min_unique_share": 0.5}, warn=lambda m: None)
    assert df.empty  # 6 distinct / 16 = 0.375 ≤ 0.5


def test_scope_by_province_ranks_within_each_province():
    units = pd.Index(["p1", "p2", "p3", "q1", "q2", "q3"], dtype=object)
    vals = pd.DataFrame({"I1": [1.0, 2.0, 3.0, 100.0, 200.0, 300.0]}, index=units)
    prov = pd.Series(["P", "P", "P", "Q", "Q", None], index=units, dtype=object)
    # P: n=3, k=⌈1.02⌉=2 (p2 has R_top 2 and R_bot 2: both, so neither); Q: n=2, k=1; q3 has no province
    df = strengths_weaknesses(vals, {"share": 0.34}, scope_values=prov)
    got = {(c, k): r for c, k, r in zip(df["code"], df["kind"], df["rank"], strict=True)}
    assert got == {("p3", "strength"): 1, ("p1", "weakness"): 1, ("q2", "strength"): 1, ("q1", "weakness"): 1}
    nat = strengths_weaknesses(vals, {"scope": "national", "share": 0.34})  # n = 6, k = ⌈2.04⌉ = 3
    assert set(nat.loc[nat["kind"] == "strength", "code"]) == {"q1", "q2", "q3"}


def test_display_values_and_screened_out_units():
    active = pd.Series([True, True, True, True, False], index=UNITS)
    raw = -VALUES  # e.g. a −1 indicator: the oriented values are −raw
    df = strengths_weaknesses(VALUES[["I1"]], scope_values=PROV, display_values=raw, active=active)
    # u5 is screened out: n = 4, k = 1; u1 strong, u4 weak
    assert df[["code", "kind", "value", "n", "k"]].values.tolist() == [
        ["u1", "strength", -10.0, 4, 1], ["u4", "weakness", -4.0, 4, 1]]


def test_missing_scope_column_is_a_usage_error():
    with pytest.raises(SectionError, match="needs the column province"):
        strengths_weaknesses(VALUES)


@pytest.mark.parametrize(
    ("raw", "match"),
    [({"share": 2}, "strengths.share"), ({"top": 3}, "unknown key 'top'"), ({"top_n": -1}, "top_n"),
     ({"data": "imputed"}, "strengths.data"), ({"scope": ""}, "strengths.scope"),
     ({"min_unique_share": "most"}, "min_unique_share")],
)
def test_invalid_sections(raw, match):
    with pytest.raises(SectionError, match=match):
        parse_strengths_config(raw)


def test_defaults():
    assert parse_strengths_config(None).as_dict() == {"scope": "province", "share": 0.25, "top_n": 5,
                                                      "bottom_n": 5, "min_unique_share": None, "data": "raw"}
