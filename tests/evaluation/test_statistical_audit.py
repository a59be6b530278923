"""The statistical audit against values computed independently (pandas / scipy / numpy) on the demo's synthetic
data, and against a small hand-made example with known results (COINr's definitions, methodology.md)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from innocounty.evaluation.pipeline import evaluate
from innocounty.evaluation.statistical_audit import (
    THRESHOLDS,
    audit,
    audit_tables,
    correlation_kind,
    cronbach_alpha,
    first_component,
    pairwise_cov_corr,
)
from innocounty.evaluations.demo_values import CountySeed, generate

REGIONS = "src/innocounty/regions/data"


@pytest.fixture(scope="module")
def demo_result():
    """The demo generator's values for 2024 for 600 real county codes (synthetic numbers), run through the
    engine with the platform's default method (JRC treatment, min-max, arithmetic)."""
    import glob

    path = sorted(glob.glob(f"{REGIONS}/divisions-*.json"))[-1]
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    from pathlib import Path

    lines = Path(f"{REGIONS}/provinces.csv").read_text(encoding="utf-8").splitlines()[1:]
    belts = dict(line.split(",")[:3:2] for line in lines)
    rows = [r for r in doc["counties"] if r[2] != "市辖区"][:600]
    seeds = [CountySeed(r[0], r[4], r[3], belts.get(r[4], "central"), r[2]) for r in rows]
    values = generate(seeds, [2024])[2024]
    frame = pd.DataFrame(values)
    frame.insert(0, "code", [s.code for s in seeds])
    frame.insert(1, "province", [s.province for s in seeds])
    return evaluate(frame, "provisional-23", {})


@pytest.fixture(scope="module")
def demo_audit(demo_result):
    return audit(demo_result)


def test_skewness_and_kurtosis_match_scipy_before_and_after_treatment(demo_result, demo_audit):
    yr = demo_result.by_year[None]
    inc = (yr.status == "ok").to_numpy()
    for row in demo_audit["indicators"]:
        before = yr.stages["Imputed"][row["code"]].to_numpy()[inc]
        after = yr.stages["Treated"][row["code"]].to_numpy()[inc]
        before, after = before[~np.isnan(before)], after[~np.isnan(after)]
        assert row["skew_before"] == pytest.approx(stats.skew(before, bias=False), rel=1e-9, abs=1e-12)
        assert row["kurt_before"] == pytest.approx(stats.kurtosis(before, bias=False), rel=1e-9, abs=1e-12)
        assert row["skew_after"] == pytest.approx(pd.Series(after).skew(), rel=1e-9, abs=1e-12)
        assert row["kurt_after"] == pytest.approx(pd.Series(after).kurt(), rel=1e-9, abs=1e-12)
    # the demo data are skewed: the treatment changed something, and the audit says what
    treated = [r for r in demo_audit["indicators"] if r["treatment"] in ("winsorised", "log_ct")]
    assert treated
    assert all(abs(r["skew_after"]) < abs(r["skew_before"]) for r in treated)


def test_coverage_counts_reported_values_before_imputation(demo_result, demo_audit):
    yr = demo_result.by_year[None]
    inc = (yr.status == "ok").to_numpy()
    for row in demo_audit["indicators"]:
        raw = yr.stages["Screened"][row["code"]].to_numpy()[inc]
        assert row["n_available"] == int(np.sum(~np.isnan(raw)))
        assert row["coverage"] == pytest.approx(np.mean(~np.isnan(raw)))
    literacy = next(r for r in demo_audit["indicators"] if r["code"] == "I16")
    assert literacy["coverage"] < 1 and literacy["n_imputed"] == literacy["n"] - literacy["n_available"]


def test_correlations_match_pandas_pairwise(demo_result, demo_audit):
    yr = demo_result.by_year[None]
    frame = yr.stages["Aggregated"][(yr.status == "ok").to_numpy()]
    expected = frame.corr(method="pearson")
    codes = demo_audit["correlations"]["codes"]
    got = np.array(demo_audit["correlations"]["matrix"], dtype=float)
    np.testing.assert_allclose(got, expected.loc[codes, codes].to_numpy(), rtol=1e-10, atol=1e-12)
    for row in demo_audit["indicators"]:
        assert row["corr_index"] == pytest.approx(expected.loc[row["code"], "INDEX"], rel=1e-10)
        assert row["corr_dimension"] == pytest.approx(expected.loc[row["code"], row["dimension"]], rel=1e-10)


def test_cronbach_and_first_component_match_an_independent_computation(demo_result, demo_audit):
    yr = demo_result.by_year[None]
    frame = yr.stages["Aggregated"][(yr.status == "ok").to_numpy()]
    fw = demo_result.framework
    for dim in demo_audit["dimensions"]:
        x = frame[fw.children[dim["code"]]]
        cov = x.cov().to_numpy()                      # pandas: pairwise complete observations
        k = x.shape[1]
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())   # the textbook form of COINr's formula
        assert dim["cronbach_alpha"] == pytest.approx(alpha, rel=1e-10)
        complete = x.dropna()
        z = (complete - complete.mean()) / complete.std(ddof=1)
        sv = np.linalg.svd(z.to_numpy(), compute_uv=False)  # prcomp: sdev = singular values / sqrt(n - 1)
        assert dim["pc1_share"] == pytest.approx(sv[0] ** 2 / np.sum(sv ** 2), rel=1e-10)
        assert dim["n_complete"] == len(complete)
        assert 0 < dim["pc1_share"] <= 1


def test_flags_are_the_within_dimension_pairs_beyond_the_thresholds(demo_result, demo_audit):
    yr = demo_result.by_year[None]
    frame = yr.stages["Aggregated"][(yr.status == "ok").to_numpy()]
    corr = frame.corr()
    fw = demo_result.framework
    expected = set()
    for dim in fw.aggregates:
        kids = fw.children[dim]
        if dim == fw.root:
            continue
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                r = corr.loc[a, b]
                if r <= -0.4 or r <= 0.3 or r >= 0.9:
                    expected.add((dim, a, b))
    assert {(f["dimension"], f["a"], f["b"]) for f in demo_audit["flags"]} == expected
    json.dumps(demo_audit, allow_nan=False)   # storable as JSON


# -- a small hand-made example with known results ---------------------------------------------------------

def test_hand_example_cronbach_and_pca():
    # two perfectly correlated columns and a third independent of them (orthogonal, mean 0)
    x = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, -1.0], [3.0, 6.0, -1.0], [4.0, 8.0, 1.0]])
    cov, cor, n = pairwise_cov_corr(x)
    assert cor[0, 1] == pytest.approx(1.0) and cor[0, 2] == pytest.approx(0.0, abs=1e-15)
    # var = 5/3, 20/3, 4/3; cov(0,1) = 10/3; others 0 → ΣC = 5/3 + 20/3 + 4/3 + 2·10/3 = 49/3
    # c̄ = (20/3) / 6 = 10/9; α = 9 · 10/9 / (49/3) = 30/49
    assert cronbach_alpha(x) == pytest.approx(30 / 49)
    # correlation matrix eigenvalues 2, 1, 0 → the first component carries 2/3 of the variance
    share, loadings, rows = first_component(x)
    assert share == pytest.approx(2 / 3) and rows == 4
    assert loadings == pytest.approx([math.sqrt(0.5), math.sqrt(0.5), 0.0], abs=1e-12)


def test_hand_example_missing_values_pairwise_and_complete_cases():
    x = np.array([[1.0, 1.0], [2.0, np.nan], [3.0, 2.0], [4.0, 4.0]])
    cov, cor, n = pairwise_cov_corr(x)
    assert n[0, 1] == 3 and n[0, 0] == 4
    assert cov[0, 0] == pytest.approx(5 / 3)          # the column's own rows
    # pair rows (1,1), (3,2), (4,4): means 8/3, 7/3 → Σdd = (−5/3)(−4/3) + (1/3)(−1/3) + (4/3)(5/3) = 39/9
    assert cov[0, 1] == pytest.approx(39 / 9 / 2)
    share, _loadings, rows = first_component(x)
    assert rows == 3


def test_skewkurt_known_values_and_the_correlation_classes():
    from innocounty.evaluation.treat import skew_kurt

    s, k = skew_kurt(np.array([*range(1, 21), 100.0, 200.0]))
    assert (round(s, 3), round(k, 3)) == (3.586, 13.339)     # methodology.md §2.4 worked example
    assert [correlation_kind(v) for v in (-0.5, -0.4, 0.0, 0.3, 0.31, 0.9, None)] == [
        "negative", "negative", "weak", "weak", "ok", "high", "undefined"]
    assert THRESHOLDS["weak"] == 0.3


def test_degenerate_inputs_give_undefined_not_errors():
    assert math.isnan(cronbach_alpha(np.ones((5, 1))))
    share, loadings, _ = first_component(np.column_stack([np.ones(5), np.arange(5.0)]))
    assert math.isnan(share) and loadings is None
    _cov, cor, _n = pairwise_cov_corr(np.array([[1.0, np.nan], [2.0, 3.0]]))
    assert np.isnan(cor[0, 1])


def test_tables_flatten_the_report(demo_audit):
    tables = audit_tables(demo_audit)
    header, rows = tables["indicators"]
    assert header[0] == "code" and len(rows) == 23
    header, rows = tables["correlations"]
    assert len(rows) == len(header) - 1
