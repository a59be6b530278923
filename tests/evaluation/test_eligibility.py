"""§5 eligibility "位居本省前列" and the exact cut-off arithmetic (hand-computed)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation._sections import SectionError
from innocounty.evaluation.cutoffs import (
    competition_rank,
    group_competition_rank,
    group_rank_matrix,
    share_cutoff,
    share_cutoffs,
)
from innocounty.evaluation.eligibility import (
    EligibilityConfig,
    composite_pass,
    eligibility,
    parse_eligibility_config,
)
from innocounty.evaluation.errors import MethodError

# ---- cut-offs and ranks -------------------------------------------------------------------------------


def test_cutoff_is_exact_7_not_8():
    assert math.ceil(0.07 * 100) == 8  # the float64 trap the spec warns about
    assert share_cutoff(0.07, 100) == 7
    assert share_cutoff("0.07", 100) == 7
    assert share_cutoff(Fraction(7, 100), 100) == 7


@pytest.mark.parametrize(
    ("p", "n", "k"),
    [(0.25, 4, 1), (0.25, 5, 2), (0.25, 8, 2), (0.25, 9, 3), (0.5, 3, 2), (0.1, 30, 3), (0.3, 10, 3),
     (0.25, 1, 1), (0.01, 5, 1), (0, 5, 1), (1, 7, 7), (0.25, 0, 0), ("1/3", 3, 1), ("1/3", 4, 2)],
)
def test_cutoff_values(p, n, k):
    assert share_cutoff(p, n) == k


def test_cutoff_rejects_non_numbers():
    for bad in (True, None, "x", float("nan")):
        with pytest.raises(ValueError):
            share_cutoff(bad, 10)


def test_competition_ranks_1_2_2_4_with_missing():
    r = competition_rank([80, 75, 75, np.nan, 60])
    assert r[[0, 1, 2, 4]].tolist() == [1, 2, 2, 4] and np.isnan(r[3])
    assert competition_rank([80, 75, 75, np.nan, 60], descending=False)[[0, 1, 2, 4]].tolist() == [4, 2, 2, 1]


def test_group_competition_rank_and_group_sizes():
    r, n = group_competition_rank([3.0, 1.0, 2.0, 5.0, np.nan, 7.0], ["A", "A", "B", "B", "B", None])
    assert r[:4].tolist() == [1, 2, 2, 1] and np.isnan(r[4]) and np.isnan(r[5])
    assert n[:5].tolist() == [2, 2, 2, 2, 2] and np.isnan(n[5])


# ---- the composite test -------------------------------------------------------------------------------


def test_ties_at_the_cutoff_all_qualify_ranks_1_2_2_4_k_2_three_pass():
    ranks = np.array([1.0, 2.0, 2.0, 4.0])
    passes, k = composite_pass(ranks, np.full(4, 4.0), EligibilityConfig(p=0.5))
    assert k.tolist() == [2, 2, 2, 2]
    assert passes.tolist() == [True, True, True, False]
    passes, _ = composite_pass(ranks, np.full(4, 4.0), EligibilityConfig(rule="top_n", top_n=2))
    assert passes.tolist() == [True, True, True, False]


def test_composite_pass_works_on_unit_by_replicate_arrays():
    ranks = np.array([[1.0, 3.0], [2.0, 1.0], [np.nan, 2.0]])
    passes, k = composite_pass(ranks, np.array([[2.0], [2.0], [3.0]]), EligibilityConfig(p=0.25))
    assert k.tolist() == [[1, 1], [1, 1], [1, 1]]
    assert passes.tolist() == [[True, False], [False, True], [False, False]]
    off, _ = composite_pass(ranks, np.array([[2.0], [2.0], [3.0]]), EligibilityConfig(rule="off"))
    assert off.all()


def test_top_share_p_007_on_100_units_passes_exactly_7():
    codes = [f"{i:06d}" for i in range(100)]
    s = pd.Series(np.arange(100, 0, -1, dtype=float), index=codes)
    prov = pd.Series("13", index=codes, dtype=object)
    df = eligibility(s, pd.DataFrame(index=codes), prov, {"composite": {"p": 0.07}, "combine": "composite_only"})
    assert int(df["composite"].sum()) == 7
    assert df["k"].iloc[0] == 7 and df["n_g"].iloc[0] == 100


# ---- the full §5 computation on a hand-computed province ------------------------------------------------

CODES = ["a1", "a2", "a3", "a4", "a5", "b1"]


def _data():
    idx = pd.Index(CODES, dtype=object)
    index = pd.Series([90.0, 80.0, 80.0, 70.0, 99.0, 50.0], index=idx)
    # I1 (+1): 10, 8, 8, 1; I2 (−1, already × direction): −5, −1, −3, −2; I3: NA, 2, 9, 4.
    # a5 is screened out (huge values must not count); b1 has no province.
    values = pd.DataFrame({"I1": [10.0, 8.0, 8.0, 1.0, 1e9, 3.0],
                           "I2": [-5.0, -1.0, -3.0, -2.0, 1e9, 1.0],
                           "I3": [np.nan, 2.0, 9.0, 4.0, 1e9, np.nan]}, index=idx)
    prov = pd.Series(["A", "A", "A", "A", "A", None], index=idx, dtype=object)
    active = pd.Series([True, True, True, True, False, True], index=idx)
    return index, values, prov, active


def _flags(col):
    return [None if pd.isna(v) else bool(v) for v in col]


def test_hand_computed_province():
    index, values, prov, active = _data()
    seen: list[str] = []
    cfg = {"composite": {"p": 0.5}, "indicator": {"share": 0.5}}
    df = eligibility(index, values, prov, cfg, active=active, warn=seen.append)
    assert list(df.columns) == ["code", "province", "n_g", "rank", "k", "composite", "C", "top_indicators",
                                "indicator_min_count", "indicators", "eligible", "n_with_data"]
    assert df["code"].tolist() == CODES
    a = df.iloc[:4]
    assert a["n_g"].tolist() == [4, 4, 4, 4]            # a5 screened out, not counted
    assert a["rank"].tolist() == [1, 2, 2, 4]
    assert a["k"].tolist() == [2, 2, 2, 2]               # ⌈0.5 · 4⌉
    assert _flags(a["composite"]) == [True, True, True, False]
    # I1 top (k=2): a1, a2, a3 (tie); I2 top: a2 (−1), a4 (−2); I3 (n=3, k=⌈1.5⌉=2): a3 (9), a4 (4)
    assert a["top_indicators"].tolist() == ["I1", "I1;I2", "I1;I3", "I2;I3"]
    assert a["C"].tolist() == [1, 2, 2, 2]
    assert df["indicator_min_count"].iloc[0] == 2        # ⌈3/2⌉
    assert _flags(a["indicators"]) == [False, True, True, True]
    assert _flags(a["eligible"]) == [False, True, True, False]
    assert a["n_with_data"].tolist() == [2, 3, 3, 3]
    # screened-out unit: no flags, no rank
    assert _flags(df[["composite", "indicators", "eligible"]].iloc[4]) == [None, None, None]
    assert pd.isna(df["rank"].iloc[4])
    # no province: never at the front, a warning says so
    assert _flags(df[["composite", "indicators", "eligible"]].iloc[5]) == [False, False, False]
    assert pd.isna(df["province"].iloc[5]) and pd.isna(df["rank"].iloc[5])
    assert len(seen) == 1 and "province" in seen[0]
    assert df.attrs["rule"] == {"group": "province", "composite": {"rule": "top_share", "p": 0.5},
                                "indicator": {"share": 0.5, "min_count": 2}, "indicator_data": "raw",
                                "combine": "and"}


@pytest.mark.parametrize(
    ("combine", "expected"),
    [("and", [False, True, True, False]), ("or", [True, True, True, True]),
     ("composite_only", [True, True, True, False]), ("indicators_only", [False, True, True, True])],
)
def test_combination_rules(combine, expected):
    index, values, prov, active = _data()
    cfg = {"composite": {"p": 0.5}, "indicator": {"share": 0.5}, "combine": combine}
    df = eligibility(index, values, prov, cfg, active=active, warn=lambda m: None)
    assert _flags(df["eligible"].iloc[:4]) == expected


def test_min_count_and_top_n_and_off():
    index, values, prov, active = _data()
    cfg = {"composite": {"rule": "top_n", "N": 1}, "indicator": {"share": 0.5, "min_count": 1}}
    df = eligibility(index, values, prov, cfg, active=active, warn=lambda m: None)
    assert _flags(df["composite"].iloc[:4]) == [True, False, False, False]
    assert _flags(df["indicators"].iloc[:4]) == [True, True, True, True]
    off = eligibility(index, values, prov, {"composite": {"rule": "off"}, "indicator": {"share": 0.5}},
                      active=active, warn=lambda m: None)
    assert _flags(off["composite"].iloc[:4]) == [True] * 4 and off["k"].isna().all()


def test_default_quartile_share_and_min_count():
    index, values, prov, active = _data()
    df = eligibility(index, values, prov, None, active=active, warn=lambda m: None)
    # ⌈0.25 · 4⌉ = 1 for the index and I1, I2; ⌈0.25 · 3⌉ = 1 for I3
    assert df["k"].iloc[:4].tolist() == [1, 1, 1, 1]
    assert df["top_indicators"].iloc[:4].tolist() == ["I1", "I2", "I3", ""]
    assert _flags(df["eligible"].iloc[:4]) == [False, False, False, False]


@pytest.mark.parametrize(("k", "m"), [(1, 1), (2, 1), (3, 2), (23, 12), (15, 8), (4, 2)])
def test_min_count_default_is_half_of_k_rounded_up(k, m):
    assert EligibilityConfig().resolved_min_count(k) == m


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ({"groups": "province"}, "unknown key 'groups'"),
        ({"composite": {"rule": "top_third"}}, "composite.rule"),
        ({"composite": {"rule": "top_n"}}, "N is required"),
        ({"composite": {"rule": "top_n", "N": 0}}, "integer >= 1"),
        ({"composite": {"rule": "top_share", "N": 3}}, "only used with rule top_n"),
        ({"composite": {"p": 1.5}}, r"in \[0, 1\]"),
        ({"indicator": {"share": "a lot"}}, "indicator.share"),
        ({"indicator": {"min_count": -1}}, "min_count"),
        ({"indicator": {"minimum": 3}}, "unknown key 'minimum'"),
        ({"indicator_data": "imputed"}, "indicator_data"),
        ({"combine": "xor"}, "combine"),
    ],
)
def test_invalid_sections(raw, match):
    with pytest.raises(SectionError, match=match) as info:
        parse_eligibility_config(raw)
    assert isinstance(info.value, MethodError) and isinstance(info.value, ValueError)


def test_fraction_strings_are_kept_exact():
    cfg = parse_eligibility_config({"composite": {"p": "1/3"}})
    assert cfg.p == Fraction(1, 3)
    assert cfg.as_dict(3)["composite"] == {"rule": "top_share", "p": "1/3"}


def test_vectorised_group_ranks_match_the_definition():
    x = np.array([[3.0, 1.0], [1.0, np.nan], [3.0, 2.0], [5.0, 2.0], [np.nan, 0.0], [7.0, 9.0]])
    codes = np.array([0, 0, 0, 1, 1, -1])
    r_top, r_bot, n = group_rank_matrix(x, codes)
    assert r_top[:, 0].tolist()[:4] == [1, 3, 1, 1] and np.isnan(r_top[4, 0]) and np.isnan(r_top[5, 0])
    assert r_bot[:, 0].tolist()[:4] == [2, 1, 2, 1]
    assert np.isnan(r_top[1, 1]) and r_top[[0, 2, 3, 4], 1].tolist() == [2, 1, 1, 2]
    assert n[:5, 0].tolist() == [3, 3, 3, 1, 1] and n[:5, 1].tolist() == [2, 2, 2, 2, 2] and np.isnan(n[5]).all()
    assert share_cutoffs(0.07, np.array([100.0, 0.0, np.nan, 1.0]))[:2].tolist() == [7, 0]
