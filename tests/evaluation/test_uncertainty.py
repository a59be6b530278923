"""Uncertainty (§8), scenarios as fixed-parameter mode (§8.2, §8.4), sensitivity (§9) and the RNG scheme (§10)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from innocounty.evaluation.errors import MethodError
from innocounty.evaluation.pipeline import prepare
from innocounty.evaluation.replicates import draw_weight_pool, parse_inputs
from innocounty.evaluation.scenarios import run_scenarios, validate_scenarios
from innocounty.evaluation.sensitivity import indices, run_sensitivity, saltelli_design
from innocounty.evaluation.uncertainty import rank_summary, run_fixed, run_uncertainty
from innocounty.evaluation.weights import resolve_weights

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import make_units  # noqa: E402


@pytest.fixture(scope="module")
def setup():
    df = make_units(n_units=120, n_provinces=6, seed=7)
    engine, m = prepare(df, "provisional-23", {})
    w = resolve_weights(engine.fw, m["weights"])
    return engine, m, w, engine.run(m, w)


def with_section(m, **sections):
    return {**m, **sections}


def test_weight_pool_and_design_follow_the_rng_scheme(setup):
    engine, m, w, nominal = setup
    fw = engine.fw
    res = run_uncertainty(engine, with_section(m, uncertainty={"n": 7, "seed": 42}), w, nominal)
    ss = np.random.SeedSequence(42)
    design, rng_w, _ = (np.random.default_rng(c) for c in ss.spawn(3))
    pool = []
    for _ in range(7):                                   # pool_size defaults to N
        row = dict(w)
        for lev in (1, 2):                               # levels ascending, framework order within a level
            codes = fw.level_nodes(lev)
            u = rng_w.random(len(codes))
            for c, ui in zip(codes, u, strict=True):
                row[c] = w[c] + (2 * ui - 1) * 0.25 * w[c]
        pool.append(row)
    U = design.random((7, 2))
    np.testing.assert_array_equal(res.U, U)
    recs = res.parameter_records(fw)
    for r in range(7):
        k = int(np.floor(U[r, 0] * 7))
        assert recs[r]["weights"] == pool[k]
        alt = int(np.floor(U[r, 1] * 2))
        assert recs[r]["method"]["normalise"]["method"] == ["minmax", "zscore"][alt]
    assert res.seed == 42 and res.config["inputs"][1]["values"][1] == {"method": "zscore", "mean": 0, "sd": 1}


def test_replicates_equal_full_pipeline_runs_via_scenarios(setup):
    engine, m, w, nominal = setup
    res = run_uncertainty(engine, with_section(m, uncertainty={"n": 25, "seed": 3}), w, nominal)
    recs = res.parameter_records(engine.fw)
    scen = validate_scenarios(recs, engine.fw, m)
    sres = run_scenarios(engine, m, nominal, scen)
    for r, rec in enumerate(recs):
        np.testing.assert_array_equal(sres.scores[rec["id"]].to_numpy(), res.run.scores[r])
        np.testing.assert_array_equal(sres.ranks[rec["id"]].to_numpy(), res.run.ranks[r])
        np.testing.assert_array_equal(sres.group_ranks["province"][rec["id"]].to_numpy(),
                                      res.run.group_ranks["province"][r])
    fixed = run_fixed(engine, m, w, recs)
    np.testing.assert_array_equal(fixed.scores, res.run.scores)


def test_discrete_upstream_inputs_and_failures(setup):
    engine, m, w, nominal = setup
    unc = {"n": 30, "seed": 11, "inputs": [
        {"name": "w", "kind": "weights", "noise": {2: 0.5}, "pool_size": 5},
        {"kind": "discrete", "key": "treat.winmax", "values": [1, 2, 3, 4, 5]},
        {"kind": "discrete", "key": "impute.method", "values": ["none", "mean", "group_mean"]},
        {"kind": "discrete", "key": "aggregate.method", "values": ["arithmetic", "geometric"]},
        {"kind": "continuous", "key": "treat.skew", "range": [1.5, 2.5]},
    ]}
    res = run_uncertainty(engine, with_section(m, uncertainty=unc), w, nominal)
    recs = res.parameter_records(engine.fw)
    # level-1 weights untouched (only level 2 listed)
    assert all(r["weights"]["I01"] == 1.0 for r in recs)
    geo = [i for i, r in enumerate(recs) if r["method"]["aggregate"]["method"] == "geometric"]
    assert geo and all(i in res.run.failures for i in geo)      # minmax [0, 100] feeds zeros to a geometric mean
    assert "geometric mean" in res.failures[0]["error"]
    assert np.isnan(res.run.scores[geo]).all()
    ok = [i for i in range(30) if i not in res.run.failures]
    sres = run_scenarios(engine, m, nominal, validate_scenarios([recs[i] for i in ok], engine.fw, m))
    for i in ok:
        np.testing.assert_array_equal(sres.scores[recs[i]["id"]].to_numpy(), res.run.scores[i])
    assert res.intervals["mean"].notna().all()


def test_rank_summary_statistics():
    R = np.array([[1.0, 2.0], [3.0, np.nan], [4.0, 2.0], [1.0, np.nan], [5.0, np.nan]])  # replicates × units
    s = rank_summary(np.array([2.0, 1.0]), R, [0.05, 0.95])
    assert s["mean"].tolist() == [2.8, 2.0] and s["median"].tolist() == [3.0, 2.0]
    assert s["q05"][0] == 1.0 and s["q95"][0] == pytest.approx(4.8)


def test_input_validation(setup):
    engine = setup[0]
    for bad, frag in (([{"kind": "magic"}], "unknown value 'magic'"),
                      ([{"kind": "discrete", "key": "normalise"}], "alternatives is required"),
                      ([{"kind": "weights", "noise": {3: 0.2}}], "level 3 is not below the root"),
                      ([{"kind": "continuous", "key": "treat.skew", "range": [1]}], "must be [lo, hi]"),
                      ([{"kind": "weights", "colour": 1}], "unknown key")):
        with pytest.raises(MethodError, match=frag.replace("[", r"\[").replace("]", r"\]")):
            parse_inputs(bad, engine.fw, "uncertainty", 10)
    with pytest.raises(MethodError, match="uncertainty.n"):
        run_uncertainty(engine, {**setup[1], "uncertainty": {"n": 0}}, setup[2], setup[3])
    with pytest.raises(MethodError, match="uncertainty.bogus"):
        run_uncertainty(engine, {**setup[1], "uncertainty": {"bogus": 1}}, setup[2], setup[3])


def test_weight_pool_noise_bounds(setup):
    engine, m, w, _ = setup
    inp = parse_inputs(None, engine.fw, "uncertainty", 50)[0]
    pool = draw_weight_pool(engine.fw, w, inp, np.random.default_rng(0))
    assert pool.shape == (50, len(engine.fw.node_list))
    assert (pool >= 0.75).all() and (pool <= 1.25).all() and (pool[:, 0] == 1.0).all()   # root unperturbed


def test_saltelli_design_and_estimators():
    U = np.arange(12, dtype=float).reshape(3, 4)
    rows = saltelli_design(U, 2)
    assert rows.shape == (12, 2)
    np.testing.assert_array_equal(rows[6:9], np.column_stack([U[:, 2], U[:, 1]]))
    np.testing.assert_array_equal(rows[9:12], np.column_stack([U[:, 0], U[:, 3]]))
    y = np.array([1.0, 2.0, 4.0, 3.0, 5.0, 2.0, 1.5, 2.0, 4.5, 3.0, 2.5, 4.0])
    res = indices(y, 3, 2, 10, np.random.default_rng(0))
    yA, yB = y[:3], y[3:6]
    V = np.var(np.concatenate([yA, yB]), ddof=1)
    assert res["Si"][0] == np.mean(yB * (y[6:9] - yA)) / V
    assert res["STi"][1] == np.sum((yA - y[9:12]) ** 2) / (6 * V)
    # bootstrap stream: for b, per i (S), then per i (ST); V not recomputed; linear quantiles
    rng = np.random.default_rng(0)
    s_terms = [yB * (y[6:9] - yA), yB * (y[9:12] - yA)]
    st_terms = [(yA - y[6:9]) ** 2, (yA - y[9:12]) ** 2]
    Sb, STb = np.empty((10, 2)), np.empty((10, 2))
    for b in range(10):
        for i in range(2):
            Sb[b, i] = np.mean(s_terms[i][rng.integers(0, 3, size=3)]) / V
        for i in range(2):
            STb[b, i] = np.sum(st_terms[i][rng.integers(0, 3, size=3)]) / (6 * V)
    assert res["Si_q05"].tolist() == np.quantile(Sb, 0.05, axis=0).tolist()
    assert res["STi_q95"].tolist() == np.quantile(STb, 0.95, axis=0).tolist()


def test_sensitivity_runs_and_needs_two_inputs(setup):
    engine, m, w, nominal = setup
    res = run_sensitivity(engine, {**m, "sensitivity": {"n": 20, "Nboot": 50, "seed": 5}}, w, nominal)
    assert res.table["factor"].tolist() == ["weights", "normalise"]
    assert len(res.y) == 20 * 4 and (res.table["STi"] >= 0).all()
    with pytest.raises(MethodError, match="at least 2 uncertain inputs"):
        run_sensitivity(engine, {**m, "sensitivity": {"n": 5, "seed": 1, "inputs": [{"kind": "weights"}]}}, w,
                        nominal)


def test_seed_repeatable_and_recorded(setup):
    engine, m, w, nominal = setup
    a = run_uncertainty(engine, {**m, "uncertainty": {"n": 10, "seed": 9}}, w, nominal)
    b = run_uncertainty(engine, {**m, "uncertainty": {"n": 10, "seed": 9}}, w, nominal)
    np.testing.assert_array_equal(a.run.ranks, b.run.ranks)
    c = run_uncertainty(engine, {**m, "uncertainty": {"n": 10}}, w, nominal)
    d = run_uncertainty(engine, {**m, "uncertainty": {"n": 10, "seed": c.seed}}, w, nominal)
    np.testing.assert_array_equal(c.U, d.U)


def test_eligible_share(setup):
    engine, m, w, nominal = setup
    m2 = {**m, "eligibility": {"composite": {"rule": "top_n", "N": 3}}, "uncertainty": {"n": 40, "seed": 2}}
    res = run_uncertainty(engine, m2, w, nominal)
    cols = dict(res.interval_columns)
    share = cols["eligible_share"]
    rg = res.run.group_ranks["province"]
    np.testing.assert_array_equal(share, np.mean(rg <= 3, axis=0))
    assert ((share >= 0) & (share <= 1)).all()


def test_invalid_alternative_is_a_configuration_error(setup):
    engine, m, w, nominal = setup
    bad = {"n": 5, "seed": 1, "inputs": [{"kind": "discrete", "key": "normalise",
                                          "values": [{"method": "minmax"}, {"method": "zscore", "sd": -1}]}]}
    with pytest.raises(MethodError, match="alternative .*normalise.sd: must be > 0"):
        run_uncertainty(engine, {**m, "uncertainty": bad}, w, nominal)
    bad = {"n": 5, "seed": 1, "inputs": [{"kind": "discrete", "key": "treat.colour", "values": [1]}]}
    with pytest.raises(MethodError, match="treat.colour: unknown key"):
        run_uncertainty(engine, {**m, "uncertainty": bad}, w, nominal)
