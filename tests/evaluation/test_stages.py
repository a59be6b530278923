"""Hand-computed values for each stage, including every worked example of methodology §0–§3."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from innocounty.evaluation.aggregate import AggregateOutcome, aggregate_node
from innocounty.evaluation.denominate import denominate, denominate_matrix
from innocounty.evaluation.errors import StageError
from innocounty.evaluation.impute import impute
from innocounty.evaluation.normalise import IndicatorNorm, normalise_column
from innocounty.evaluation.rank import competition_ranks, group_competition_ranks
from innocounty.evaluation.replicates import linear_quantile_rows
from innocounty.evaluation.screen import screen
from innocounty.evaluation.treat import (
    FAIL,
    PASS,
    UNDETERMINED,
    check,
    log_ct,
    skew_kurt,
    treat_column,
    winsorise,
)

NAN = np.nan
JRC = {"method": "jrc", "winmax": 5, "skew": 2.0, "kurt": 3.5, "fallback": "log_ct", "treat_absolute": False}


# -- §0 quantiles -----------------------------------------------------------------------------------------------

def test_quantile_example_3_1_4_1_5():
    v = np.array([[3.0], [1.0], [4.0], [1.0], [5.0]])
    assert linear_quantile_rows(v, 0.05)[0] == 1.0
    assert linear_quantile_rows(v, 0.5)[0] == 3.0
    assert linear_quantile_rows(v, 0.95)[0] == pytest.approx(4.8, rel=1e-15)
    assert linear_quantile_rows(v, 1.0)[0] == 5.0


def test_quantile_ignores_missing_and_all_missing_is_nan():
    v = np.array([[3.0, NAN], [NAN, NAN], [1.0, NAN]])
    q = linear_quantile_rows(v, 0.5)
    assert q[0] == 2.0 and math.isnan(q[1])


# -- §2.1 denominate --------------------------------------------------------------------------------------------

def test_denominate_example_1200_per_60():
    out, bad = denominate(np.array([1200.0]), np.array([600000.0]), 10000.0)
    assert out[0] == 20.0 and not bad[0]


def test_denominate_missing_and_nonpositive():
    out, bad = denominate(np.array([1.0, NAN, 5.0, 5.0]), np.array([NAN, 2.0, 0.0, -1.0]))
    assert np.isnan(out).all()
    assert bad.tolist() == [False, False, True, True]
    _, warns = denominate_matrix(np.array([[5.0], [5.0]]), ["I1"], {"I1": (np.array([0.0, 2.0]), 1.0)},
                                 np.array(["u1", "u2"]), " (2023)")
    assert warns == ["denominate: indicator I1 (2023), unit u1: denominator <= 0; value set missing"]


# -- §2.2 screening ---------------------------------------------------------------------------------------------

def test_screening_15_of_23():
    x = np.ones((3, 23))
    x[0, :8] = NAN   # coverage 15/23 ≈ 0.652 < 2/3 → excluded
    x[1, :7] = NAN   # 16/23 ≈ 0.696 → kept
    inc, cov = screen(x, np.array(["a", "b", "c"]), {"min_coverage": 2 / 3, "nonzero_thresh": None, "force": {}})
    assert inc.tolist() == [False, True, True]
    assert cov[0] == 1 - 8 / 23


def test_screening_default_and_force_and_nonzero():
    x = np.array([[NAN, NAN], [0.0, 0.0], [1.0, 0.0]])
    codes = np.array(["a", "b", "c"])
    inc, _ = screen(x, codes, {"min_coverage": 0, "nonzero_thresh": None, "force": {}})
    assert inc.all()
    inc, _ = screen(x, codes, {"min_coverage": 0, "nonzero_thresh": 0.5, "force": {"a": True}})
    assert inc.tolist() == [True, False, True]   # b: 1 − 2/2 = 0 < 0.5; c: 0.5 not < 0.5; a forced


# -- §2.3 imputation --------------------------------------------------------------------------------------------

def test_group_mean_example_10_na_20():
    x = np.array([[10.0], [NAN], [20.0], [NAN], [1.0], [NAN]])
    groups = np.array(["A", "A", "A", None, "B", "C"], dtype=object)
    inc = np.ones(6, dtype=bool)
    out, flags, warns = impute(x, inc, {"method": "group_mean", "by": "province", "max_back": None, "then": "none"},
                               ["I1"], "", groups)
    assert out[1, 0] == 15.0 and flags[1, 0] == "group_mean"
    assert math.isnan(out[3, 0])          # missing group value: not imputed
    assert math.isnan(out[5, 0])          # group C has no observed value: stays missing, warning
    assert any("group province=C" in w for w in warns)


def test_mean_imputation_uses_included_units_only():
    x = np.array([[1.0], [NAN], [3.0], [100.0]])
    inc = np.array([True, True, True, False])
    out, flags, _ = impute(x, inc, {"method": "mean", "by": "province", "max_back": None, "then": "none"}, ["I1"], "")
    assert out[1, 0] == 2.0 and flags[1, 0] == "mean"
    out, _, _ = impute(x, inc, {"method": "none", "by": "province", "max_back": None, "then": "none"}, ["I1"], "")
    assert math.isnan(out[1, 0])


def test_carry_forward_most_recent_observed_and_max_back():
    codes = np.array(["a", "b", "c"], dtype=object)
    x = np.array([[NAN], [NAN], [NAN]])
    earlier = [(2022, np.array(["a"], dtype=object), np.array([[NAN]])),
               (2021, np.array(["a", "b"], dtype=object), np.array([[5.0], [6.0]]))]
    cfg = {"method": "carry_forward", "by": "province", "max_back": None, "then": "none"}
    out, flags, _ = impute(x, np.ones(3, bool), cfg, ["I1"], "", None, codes, earlier)
    assert out[:, 0].tolist()[:2] == [5.0, 6.0] and math.isnan(out[2, 0])
    assert flags[0, 0] == "carry_forward:2021"
    out, _, _ = impute(x, np.ones(3, bool), {**cfg, "max_back": 1}, ["I1"], "", None, codes, earlier)
    assert np.isnan(out).all()
    out, flags, _ = impute(x, np.ones(3, bool), {**cfg, "then": "mean"}, ["I1"], "", None, codes, earlier)
    assert out[2, 0] == 5.5 and flags[2, 0] == "mean"


# -- §2.4 treatment ---------------------------------------------------------------------------------------------

X22 = np.array([*range(1, 21), 100, 200], dtype=float)


def test_skew_kurt_worked_example_and_scipy():
    s, k = skew_kurt(X22)
    assert round(s, 3) == 3.586 and round(k, 3) == 13.339
    assert s == pytest.approx(scipy.stats.skew(X22, bias=False), rel=1e-12)
    assert k == pytest.approx(scipy.stats.kurtosis(X22, bias=False), rel=1e-12)
    rng = np.random.default_rng(5)
    for _ in range(20):
        v = rng.lognormal(0, 1.5, rng.integers(4, 60))
        s, k = skew_kurt(v)
        assert s == pytest.approx(scipy.stats.skew(v, bias=False), rel=1e-10)
        assert k == pytest.approx(scipy.stats.kurtosis(v, bias=False), rel=1e-10)


def test_skew_kurt_undefined_cases():
    assert all(math.isnan(v) for v in skew_kurt(np.array([1.0, 2.0])))
    s, k = skew_kurt(np.array([1.0, 2.0, 10.0]))
    assert not math.isnan(s) and math.isnan(k)
    assert all(math.isnan(v) for v in skew_kurt(np.array([3.0, 3.0, 3.0, 3.0])))
    assert skew_kurt(np.array([1.0, NAN, 2.0, 3.0, 10.0]))[0] == skew_kurt(np.array([1.0, 2.0, 3.0, 10.0]))[0]


def test_check_rule():
    assert check(2.5, 3.0, 2, 3.5) == PASS      # kurt below
    assert check(1.9, 10.0, 2, 3.5) == PASS     # skew below
    assert check(-2.0, 3.5, 2, 3.5) == FAIL     # both at the thresholds: treated
    assert check(NAN, NAN, 2, 3.5) == UNDETERMINED
    assert check(1.0, NAN, 2, 3.5) == PASS
    assert check(3.0, NAN, 2, 3.5) == UNDETERMINED


def test_winsorisation_worked_example():
    y, flags, rec = treat_column(X22.copy(), JRC)
    assert rec.status == "winsorised" and rec.nwin == 2
    assert y.tolist() == [*range(1, 21), 20.0, 20.0]
    assert flags[-2:].tolist() == ["winhi", "winhi"] and all(f is None for f in flags[:-2])
    assert round(rec.skew_after, 3) == -0.094 and round(rec.kurt_after, 3) == -1.294
    # step 1 values
    y1, nwin, state, s, k = winsorise(X22.copy(), 1, 2.0, 3.5)
    assert nwin == 1 and state == FAIL and round(s, 3) == 2.817 and round(k, 3) == 7.134
    assert y1[-1] == 100.0


def test_winmax_1_log_fallback_on_original_column():
    y, flags, rec = treat_column(X22.copy(), {**JRC, "winmax": 1})
    assert rec.status == "log_ct" and rec.nwin == 1
    np.testing.assert_array_equal(y, np.log(X22 - 1 + 0.01 * (200 - 1)))
    assert y[0] == pytest.approx(math.log(1.99)) and y[-1] == pytest.approx(math.log(200.99))
    assert round(rec.skew_after, 3) == 0.969 and round(rec.kurt_after, 3) == 2.246
    assert all(f == "log_ct" for f in flags)
    y, flags, rec = treat_column(X22.copy(), {**JRC, "winmax": 1, "fallback": "none"})
    assert rec.status == "winsorised_failed" and y[-1] == 100.0 and flags[-1] == "winhi"


def test_winsorisation_ties_move_together_and_low_side():
    x = np.array([*range(1, 21), 100.0, 100.0, 200.0])
    y, nwin, *_ = winsorise(x.copy(), 2, 2.0, 3.5)
    assert nwin >= 1 and y.max() <= 100.0
    # low side (negative skew): mirror of the worked example
    y, flags, rec = treat_column(-X22.copy(), JRC)
    assert rec.status == "winsorised" and rec.nwin == 2 and y.min() == -20.0
    assert flags[-1] == "winlo"


def test_treatment_keeps_missing_and_passes_normal_columns():
    x = np.array([1.0, NAN, 2.0, 3.0, 4.0])
    y, flags, rec = treat_column(x, JRC)
    assert rec.status == "none" and np.isnan(y[1]) and y is x


def test_log_ct_formula():
    x = np.array([2.0, NAN, 4.0])
    z = log_ct(x)
    assert z[0] == math.log(0.02) and math.isnan(z[1]) and z[2] == math.log(2 + 0.02)


# -- §2.5 normalisation -----------------------------------------------------------------------------------------

def _norm(x, method, direction=1, policy="error", **params):
    warns = []
    out = normalise_column(np.asarray(x, dtype=float), IndicatorNorm(method, params, direction), "I07", " (2023)",
                           policy, warns)
    return out, warns


def test_minmax_direction_minus_one_example():
    out, _ = _norm([2, 5, 11], "minmax", -1, range=[0, 100])
    assert out[0] == 100 and out[2] == 0 and out[1] == pytest.approx(66.667, abs=1e-3)
    assert out[1] == (-5 - -11) / (-2 - -11) * 100


def test_zscore_example():
    out, _ = _norm([4, 7, 7, 10], "zscore", mean=0, sd=1)
    assert out[1] == 0 and out[2] == 0
    assert out[0] == pytest.approx(-1.2247, abs=1e-4) and out[3] == -out[0]
    assert out[3] == 3 / math.sqrt(6)


def test_rank_and_prank_ties_share_lowest():
    out, _ = _norm([5, 3, 3, NAN, 9], "rank")
    assert out[[0, 1, 2, 4]].tolist() == [3, 1, 1, 4] and math.isnan(out[3])
    out, _ = _norm([5, 3, 3, NAN, 9], "prank", scale=1)
    assert out[[0, 1, 2, 4]].tolist() == [2 / 3, 0, 0, 1]
    out, _ = _norm([5, 3, 9], "rank", -1)
    assert out.tolist() == [2, 3, 1]


def test_target_ratio_examples():
    out, _ = _norm([1.8, 3.1], "target_ratio", target=2.5, cap=100, floor=None)
    assert out[0] == pytest.approx(72, rel=1e-12) and out[1] == 100
    out, _ = _norm([0.62, 0.4, NAN], "target_ratio", -1, target=0.5, cap=100, floor=None)
    assert out[0] == pytest.approx(80.645, abs=1e-3) and out[1] == 100 and math.isnan(out[2])
    out, _ = _norm([-1.0], "target_ratio", target=2.0, cap=100, floor=None)
    assert out[0] == -50
    out, _ = _norm([-1.0], "target_ratio", target=2.0, cap=100, floor=0)
    assert out[0] == 0
    with pytest.raises(StageError, match="direction -1 needs values > 0"):
        _norm([0.0], "target_ratio", -1, target=0.5, cap=100, floor=None)
    with pytest.raises(StageError, match="target"):
        _norm([1.0], "target_ratio", target=None, cap=100, floor=None)


def test_goalposts():
    out, _ = _norm([0, 5, 10, 20], "goalposts", lower=0, upper=10, scale=100, truncate=True)
    assert out.tolist() == [0, 50, 100, 100]
    out, _ = _norm([0, 5, 20], "goalposts", -1, lower=0, upper=10, scale=100, truncate=False)
    assert out.tolist() == [100, 50, -100]


def test_degenerate_policies():
    with pytest.raises(StageError, match=r"normalise: indicator I07 \(2023\) is constant \(all values = 0\); "
                                         r"min-max undefined"):
        _norm([0, 0, NAN], "minmax", range=[0, 100])
    out, warns = _norm([0, 0, NAN], "minmax", policy="midpoint", range=[0, 100])
    assert out[:2].tolist() == [50, 50] and math.isnan(out[2]) and warns
    out, warns = _norm([3, 3], "zscore", policy="exclude", mean=0, sd=1)
    assert np.isnan(out).all() and warns
    out, _ = _norm([3, 3], "zscore", policy="midpoint", mean=10, sd=2)
    assert out.tolist() == [10, 10]
    out, _ = _norm([3, NAN], "prank", policy="midpoint", scale=1)
    assert out[0] == 0.5
    with pytest.raises(StageError, match="no observed value"):
        _norm([NAN, NAN], "rank")


def test_none_method_applies_direction():
    out, _ = _norm([1, -2], "none", -1)
    assert out.tolist() == [-1, 2]


# -- §2.7 aggregation -------------------------------------------------------------------------------------------

def _agg(method, scores, w=(1, 1, 2), min_coverage=None):
    outcome = AggregateOutcome({})
    s = [np.array([[v]], dtype=float) for v in scores]
    ws = [np.array([[float(x)]]) for x in w]
    out = aggregate_node("D2", ["I1", "I2", "I3"], s, ws, method, min_coverage, np.array(["130102"]), outcome)
    return out[0, 0], outcome


def test_aggregation_worked_example():
    assert _agg("arithmetic", [60, NAN, 30])[0] == pytest.approx(40, rel=1e-15)
    assert _agg("geometric", [60, NAN, 30])[0] == pytest.approx(37.798, abs=1e-3)
    assert _agg("geometric", [60, NAN, 30])[0] == pytest.approx((60 * 30 ** 2) ** (1 / 3), rel=1e-14)
    assert _agg("harmonic", [60, NAN, 30])[0] == pytest.approx(36, rel=1e-14)
    for m in ("arithmetic", "geometric", "harmonic"):
        assert math.isnan(_agg(m, [60, NAN, 30], min_coverage=0.75)[0])
        assert not math.isnan(_agg(m, [60, NAN, 30], min_coverage=2 / 3)[0])  # strict "<"


def test_aggregation_missing_and_zero_weights():
    assert math.isnan(_agg("arithmetic", [NAN, NAN, NAN])[0])
    v, outcome = _agg("arithmetic", [60, 10, NAN], w=(0, 0, 1))
    assert math.isnan(v) and "sum to 0" in outcome.warnings[0]
    assert _agg("arithmetic", [60, 10, 30], w=(0, 1, 1))[0] == 20


def test_geometric_error_names_node_unit_child():
    _, outcome = _agg("geometric", [60, 0, 30])
    assert outcome.failures[0] == ("aggregate: geometric mean of D2 for unit 130102 got child I2 = 0; values must "
                                   "be > 0 (use minmax range=[1,100] or zscore mean=10, sd=2)")
    _, outcome = _agg("harmonic", [60, 10, -1])
    assert "harmonic mean of D2" in outcome.failures[0] and "I3 = -1" in outcome.failures[0]


def test_aggregation_vectorised_equals_single():
    rng = np.random.default_rng(0)
    s = [rng.uniform(1, 100, (1, 50)) for _ in range(3)]
    s[1][0, :5] = NAN
    W = rng.uniform(0.5, 1.5, (7, 3))
    codes = np.arange(50).astype(str)
    for m in ("arithmetic", "geometric", "harmonic"):
        batch = aggregate_node("P", ["a", "b", "c"], s, [W[:, [j]] for j in range(3)], m, None, codes,
                               AggregateOutcome({}))
        for r in range(7):
            single = aggregate_node("P", ["a", "b", "c"], s, [W[[r], j:j + 1] for j in range(3)], m, None, codes,
                                    AggregateOutcome({}))
            np.testing.assert_array_equal(batch[r], single[0])


# -- §2.8 ranks -------------------------------------------------------------------------------------------------

def test_competition_ranks_example():
    r = competition_ranks(np.array([80, 75, 75, NAN, 60.0]))
    assert r[[0, 1, 2, 4]].tolist() == [1, 2, 2, 4] and math.isnan(r[3])


def test_group_ranks_and_missing_group():
    s = np.array([80, 75, 75, 90, 60.0])
    g = np.array(["A", "B", "A", None, "B"], dtype=object)
    r = group_competition_ranks(s, g)
    assert r[[0, 1, 2, 4]].tolist() == [1, 1, 2, 2] and math.isnan(r[3])


def test_ranks_vectorised_rows():
    s = np.array([[1.0, 2.0, 2.0], [3.0, NAN, 1.0]])
    r = competition_ranks(s)
    assert r[0].tolist() == [3, 1, 1] and r[1, 0] == 1 and math.isnan(r[1, 1]) and r[1, 2] == 2
