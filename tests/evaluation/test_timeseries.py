"""§7.1 year-over-year change and §7.2 chained index, base year = 100 (hand-computed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation._sections import SectionError
from innocounty.evaluation.timeseries import (
    RELATIVE_NOTE,
    ChainError,
    chain_links,
    chained_index,
    parse_chain_config,
    score_ratio_index,
    year_over_year,
)

DIRS = {"I1": 1, "I2": -1}
EFF = {"I1": 0.25, "I2": 0.75}


def panel():
    # Unit A: 2021 both usable; 2022 only I1 (I2 missing); 2023 none (I1 = 0, I2's previous value missing);
    # 2024 has a usable I2 but the index stays missing after the break. Unit B has no base-year row.
    return pd.DataFrame({
        "code": ["A", "A", "A", "A", "A", "B", "B"],
        "year": [2020, 2021, 2022, 2023, 2024, 2021, 2022],
        "I1": [100.0, 110.0, 121.0, 0.0, 10.0, 5.0, 6.0],
        "I2": [4.0, 5.0, np.nan, 2.0, 2.0, 1.0, 1.0],
    })


def by_year(df, unit):
    sel = df[df["code"] == unit]
    return dict(zip(sel["year"], sel["index"], strict=True))


def test_arithmetic_chain_hand_computed():
    seen: list[str] = []
    df = chained_index(panel(), DIRS, EFF, warn=seen.append)
    assert list(df.columns) == ["code", "year", "index", "link", "n_usable"]
    a = by_year(df, "A")
    g21 = 0.25 * (110 / 100) + 0.75 * (4 / 5)  # d = −1 inverts: x_{t−1} / x_t
    assert a[2020] == 100.0
    assert a[2021] == pytest.approx(87.5, rel=1e-15) and a[2021] == 100.0 * g21
    assert a[2022] == pytest.approx(87.5 * 1.1, rel=1e-15)  # I1 alone, its weight renormalised to 1
    assert math.isnan(a[2023]) and math.isnan(a[2024])  # no usable indicator → missing from there on
    assert df.loc[df["code"] == "A", "n_usable"].tolist()[1:] == [2, 1, 0, 1]
    assert pd.isna(df["n_usable"].iloc[0])
    b = by_year(df, "B")
    assert math.isnan(b[2021]) and math.isnan(b[2022])
    assert len(seen) == 1 and "A (2023)" in seen[0] and "B (2021)" in seen[0]


def test_geometric_chain_and_ratio_cap():
    a = by_year(chained_index(panel(), DIRS, EFF, {"link": "geometric"}, warn=lambda m: None), "A")
    assert a[2021] == pytest.approx(100 * 1.1**0.25 * 0.8**0.75, rel=1e-14)
    assert a[2022] == pytest.approx(100 * 1.1**0.25 * 0.8**0.75 * 1.1, rel=1e-14)
    capped = by_year(chained_index(panel(), DIRS, EFF, {"ratio_cap": 1.05}, warn=lambda m: None), "A")
    assert capped[2021] == pytest.approx(100 * (0.25 * 1.05 + 0.75 * 0.8), rel=1e-15)
    assert capped[2022] == pytest.approx(capped[2021] * 1.05, rel=1e-15)


def test_inverted_direction_usable_only_when_both_positive():
    prev = np.array([[4.0, 2.0], [4.0, -1.0], [0.0, 2.0], [np.nan, np.nan]])
    cur = np.array([[2.0, 1.0], [2.0, 1.0], [3.0, 0.0], [1.0, 1.0]])
    G, n = chain_links(prev, cur, np.array([-1, 1]), np.array([1.0, 3.0]))
    assert G[0] == pytest.approx(0.25 * 2.0 + 0.75 * 0.5) and n[0] == 2
    assert G[1] == 2.0 and n[1] == 1  # −1 ≤ 0: I2 unusable, I1 alone
    assert math.isnan(G[2]) and n[2] == 0
    assert math.isnan(G[3]) and n[3] == 0


def test_zero_weight_on_the_only_usable_indicator_gives_missing():
    G, n = chain_links(np.array([[1.0, np.nan]]), np.array([[2.0, 1.0]]), np.array([1, 1]), np.array([0.0, 1.0]))
    assert math.isnan(G[0]) and n[0] == 1


def test_base_year_option_and_years_before_base():
    a = by_year(chained_index(panel(), DIRS, EFF, {"base_year": 2021}, warn=lambda m: None), "A")
    assert math.isnan(a[2020]) and a[2021] == 100.0 and a[2022] == pytest.approx(110.0, rel=1e-15)
    with pytest.raises(ChainError, match="base year 2019"):
        chained_index(panel(), DIRS, EFF, {"base_year": 2019})


def test_previous_year_is_the_previous_panel_year_and_rows_keep_input_order():
    df = panel().iloc[::-1].reset_index(drop=True)
    out = chained_index(df, DIRS, EFF, warn=lambda m: None)
    assert out["code"].tolist() == df["code"].tolist() and out["year"].tolist() == df["year"].tolist()
    assert by_year(out, "A")[2021] == 100.0 * (0.25 * (110 / 100) + 0.75 * (4 / 5))


def test_chain_input_errors():
    with pytest.raises(ChainError, match="duplicate"):
        chained_index(pd.concat([panel(), panel().iloc[:1]]), DIRS, EFF)
    with pytest.raises(ChainError, match="I3"):
        chained_index(panel(), {**DIRS, "I3": 1}, {**EFF, "I3": 0.1})
    with pytest.raises(ChainError, match="effective weight"):
        chained_index(panel(), DIRS, {"I1": 1.0})


def test_score_ratio_mode():
    s = pd.DataFrame({"code": ["A", "A", "A", "B", "B", "C", "C"],
                      "year": [2020, 2021, 2022, 2020, 2021, 2020, 2021],
                      "INDEX": [50.0, 60.0, np.nan, 0.0, 10.0, -5.0, 5.0]})
    seen: list[str] = []
    out = score_ratio_index(s, "INDEX", warn=seen.append)
    assert out["index"].iloc[:2].tolist() == [100.0, 100.0 * 60.0 / 50.0]
    assert math.isnan(out["index"].iloc[2])           # S_t missing
    assert out["index"].iloc[3:5].isna().all()        # S_b = 0
    assert out["index"].iloc[6] == 100.0 * 5.0 / -5.0
    assert len(seen) == 1 and "negative base-year score" in seen[0]


# ---- §7.1 ----------------------------------------------------------------------------------------------


def test_year_over_year_changes_percentages_and_rank_moves():
    vals = pd.DataFrame({"code": ["A", "A", "A", "A", "B"], "year": [2020, 2021, 2022, 2023, 2021],
                         "q": [10.0, 12.0, 0.0, 5.0, 7.0]})
    ranks = pd.DataFrame({"code": ["A", "A", "A", "A", "B"], "year": [2020, 2021, 2022, 2023, 2021],
                          "INDEX": [3.0, 1.0, 2.0, np.nan, 4.0]})
    seen: list[str] = []
    out = year_over_year(vals, ranks=ranks, relative=True, warn=seen.append)
    a = out.iloc[:4]
    assert a["prev_year"].iloc[0] is pd.NA and a["prev_year"].iloc[1:].tolist() == [2020, 2021, 2022]
    assert np.isnan(a["q_change"].iloc[0]) and a["q_change"].iloc[1:].tolist() == [2.0, -12.0, 5.0]
    assert a["q_prev"].iloc[1:].tolist() == [10.0, 12.0, 0.0]
    assert a["q_pct"].iloc[1] == (12.0 / 10.0 - 1) * 100
    assert a["q_pct"].iloc[2] == -100.0
    assert np.isnan(a["q_pct"].iloc[3])  # previous value 0 → missing
    assert np.isnan(out["q_change"].iloc[4])  # B has no 2020 row
    assert a["rank_INDEX_move"].iloc[1:3].tolist() == [2, -1]  # 3 → 1 is up two places
    assert pd.isna(a["rank_INDEX_move"].iloc[3]) and str(a["rank_INDEX_move"].dtype) == "Int64"
    assert a["rank_INDEX_prev"].iloc[1] == 3 and pd.isna(out["rank_INDEX_prev"].iloc[4])
    assert seen == [RELATIVE_NOTE]


def test_year_over_year_uses_the_previous_panel_year_across_a_gap():
    vals = pd.DataFrame({"code": ["A", "A"], "year": [2022, 2020], "q": [15.0, 10.0]})
    out = year_over_year(vals)
    assert out["prev_year"].tolist()[0] == 2020 and out["q_pct"].iloc[0] == 50.0
    assert out.attrs["warnings"] == []


@pytest.mark.parametrize(
    ("raw", "match"),
    [({"mode": "levels"}, "chain.mode"), ({"link": "harmonic"}, "chain.link"), ({"ratio_cap": 0}, "> 0"),
     ({"use_imputed": "yes"}, "use_imputed"), ({"base": 2020}, "unknown key 'base'"),
     ({"node": "INDEX"}, "only used with mode score_ratio"), ({"base_year": 2020.5}, "base_year")],
)
def test_invalid_chain_sections(raw, match):
    with pytest.raises(SectionError, match=match):
        parse_chain_config(raw)


def test_chain_defaults():
    assert parse_chain_config(None).as_dict() == {"mode": "links", "base_year": None, "link": "arithmetic",
                                                  "ratio_cap": None, "use_imputed": False, "node": None}
