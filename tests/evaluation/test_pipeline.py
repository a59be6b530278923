"""The whole pipeline (§2) on small hand-computed data: stages, scores, ranks, screening, panel data, pooling."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation.errors import DataError, FrameworkError, StageError
from innocounty.evaluation.framework import Framework
from innocounty.evaluation.pipeline import evaluate

FW = Framework.from_records([
    {"code": "INDEX", "level": 2, "parent": "", "weight": 1},
    {"code": "I1", "level": 1, "parent": "INDEX", "weight": 1, "direction": 1},
    {"code": "I2", "level": 1, "parent": "INDEX", "weight": 1, "direction": -1, "denominator": "pop"},
    {"code": "I3", "level": 1, "parent": "INDEX", "weight": 2, "direction": 1},
])
NO_TREAT = {"treat": {"method": "none"}}


def small():
    return pd.DataFrame({
        "code": ["a", "b", "c", "d"], "province": ["P", "P", "Q", "Q"], "pop": [2.0, 1.0, 4.0, 1.0],
        "I1": [10.0, np.nan, 30.0, 20.0], "I2": [4.0, 3.0, 8.0, 1.0], "I3": [1.0, 2.0, 3.0, np.nan]})


def test_hand_computed_cross_section():
    r = evaluate(small(), FW, NO_TREAT)
    y = r.by_year[None]
    den = y.stages["Denominated"]
    assert den["I2"].tolist() == [2.0, 3.0, 2.0, 1.0]
    imp = y.stages["Imputed"]
    assert imp.loc["b", "I1"] == 20.0 and imp.loc["d", "I3"] == 2.0
    assert y.imputation_flags.loc["b", "I1"] == "mean"
    norm = y.stages["Normalised"]
    assert norm["I1"].tolist() == [0, 50, 100, 50]
    assert norm["I2"].tolist() == [50, 0, 50, 100]
    assert norm["I3"].tolist() == [0, 50, 100, 50]
    assert y.scores["INDEX"].tolist() == [12.5, 37.5, 87.5, 62.5]
    assert y.ranks["INDEX"].tolist() == [4, 3, 1, 2]
    assert y.group_ranks["province"]["INDEX"].tolist() == [2, 1, 1, 2]
    assert r.effective_weights == {"INDEX": 1.0, "I1": 0.25, "I2": 0.25, "I3": 0.5}
    assert (y.status == "ok").all()
    t = r.table("scores")
    assert t.columns.tolist() == ["code", "INDEX"] and t["code"].tolist() == ["a", "b", "c", "d"]


def test_unit_order_is_input_order_and_result_invariant():
    df = small()
    r1 = evaluate(df, FW, NO_TREAT).table("scores")
    r2 = evaluate(df.iloc[[2, 0, 3, 1]], FW, NO_TREAT).table("scores")
    assert r2["code"].tolist() == ["c", "a", "d", "b"]
    assert r1.set_index("code").loc[r2["code"], "INDEX"].tolist() == r2["INDEX"].tolist()


def test_screened_out_unit_takes_no_part():
    df = small()
    df.loc[1, ["I1", "I3"]] = np.nan     # b: coverage 1/3
    r = evaluate(df, FW, {**NO_TREAT, "screen": {"min_coverage": 0.5}})
    y = r.by_year[None]
    assert y.status.tolist() == ["ok", "screened_out", "ok", "ok"]
    assert math.isnan(y.scores.loc["b", "INDEX"]) and math.isnan(y.ranks.loc["b", "INDEX"])
    # b's I2 (3.0, the worst) no longer sets the minimum: I2 denominated 2, ·, 2, 1 → d = -1 → 0, ·, 0, 100
    assert y.stages["Normalised"].loc[["a", "c", "d"], "I2"].tolist() == [0, 0, 100]
    assert y.stages["Screened"].loc["b"].isna().all()


def test_no_denominate_and_impute_none_renormalises():
    r = evaluate(small(), FW, {**NO_TREAT, "denominate": False, "impute": {"method": "none"}})
    y = r.by_year[None]
    assert y.stages["Denominated"]["I2"].tolist() == [4.0, 3.0, 8.0, 1.0]
    assert math.isnan(y.stages["Normalised"].loc["b", "I1"])
    # b: I1 missing → (w2·n2 + w3·n3) / 3
    n = y.stages["Normalised"].loc["b"]
    assert y.scores.loc["b", "INDEX"] == pytest.approx((n["I2"] + 2 * n["I3"]) / 3, rel=1e-15)


def test_absolute_methods_skip_treatment_and_framework_override():
    fw = Framework.from_records([
        {"code": "R", "level": 2, "parent": ""},
        {"code": "T", "level": 1, "parent": "R", "direction": 1, "target": 10, "norm_method": "target_ratio"},
        {"code": "M", "level": 1, "parent": "R", "direction": 1, "treat": "none"},
    ])
    x = [*range(1, 21), 100, 200]
    df = pd.DataFrame({"code": [f"u{i}" for i in range(22)], "T": x, "M": x})
    y = evaluate(df, fw, {"group_by": []}).by_year[None]
    assert y.treatment.set_index("indicator")["status"].tolist() == ["skipped", "skipped"]
    assert y.stages["Normalised"]["T"].iloc[0] == 10.0 and y.stages["Normalised"]["T"].iloc[-1] == 100
    y = evaluate(df, fw, {"group_by": [], "treat": {"treat_absolute": True}}).by_year[None]
    assert y.treatment.set_index("indicator").loc["T", "status"] == "winsorised"


def test_target_ratio_without_target_is_framework_error():
    with pytest.raises(FrameworkError, match="indicator I1 has no target"):
        evaluate(small(), FW, {"normalise": {"method": "target_ratio"}})


def test_degenerate_error_and_geometric_error_stop_run():
    df = small()
    df["I1"] = 5.0
    with pytest.raises(StageError, match=r"normalise: indicator I1 is constant \(all values = 5\); min-max undefined"):
        evaluate(df, FW, NO_TREAT)
    with pytest.raises(StageError, match="geometric mean of INDEX for unit a got child I1 = 0"):
        evaluate(small(), FW, {**NO_TREAT, "aggregate": {"method": "geometric"}})
    r = evaluate(small(), FW, {**NO_TREAT, "aggregate": {"method": "geometric"},
                               "normalise": {"method": "minmax", "range": [1, 100]}})
    assert r.by_year[None].scores["INDEX"].notna().all()


def test_group_by_missing_column():
    df = small().drop(columns="province")
    r = evaluate(df, FW, NO_TREAT)              # default group_by: skipped with a warning
    assert r.group_by == [] and any("province" in w for w in r.warnings)
    with pytest.raises(DataError, match="group_by column"):
        evaluate(df, FW, {**NO_TREAT, "group_by": ["province"]})


def panel():
    rows = []
    for year, shift in ((2021, 0.0), (2022, 10.0)):
        for code, v1, v3 in (("a", 1.0, 5.0), ("b", 2.0, 6.0), ("c", 3.0, 7.0)):
            rows.append({"code": code, "year": year, "province": "P", "pop": 1.0, "I1": v1 + shift, "I2": v1,
                         "I3": v3})
    df = pd.DataFrame(rows)
    df.loc[(df.code == "b") & (df.year == 2022), "I1"] = np.nan
    return df


def test_panel_per_year_and_carry_forward():
    r = evaluate(panel(), FW, {**NO_TREAT, "impute": {"method": "carry_forward"}})
    assert r.years == [2021, 2022]
    y = r.by_year[2022]
    assert y.stages["Imputed"].loc["b", "I1"] == 2.0
    assert y.imputation_flags.loc["b", "I1"] == "carry_forward:2021"
    t = r.table("Imputed")
    assert t.columns[:2].tolist() == ["code", "year"] and t["year"].tolist() == [2021] * 3 + [2022] * 3
    with pytest.raises(StageError, match="carry_forward needs a year column"):
        evaluate(small(), FW, {**NO_TREAT, "impute": {"method": "carry_forward"}})


def test_pooled_normalisation():
    r = evaluate(panel(), FW, {**NO_TREAT, "normalise": {"method": "minmax", "pooling": "pooled"}})
    n21 = r.by_year[2021].stages["Normalised"]["I1"].tolist()
    n22 = r.by_year[2022].stages["Normalised"]["I1"].tolist()
    # pooled I1: 1, 2, 3, 11, (mean 12), 13 → min 1, max 13
    assert n21 == [0, 1 / 12 * 100, 2 / 12 * 100] and n22[0] == 10 / 12 * 100 and n22[2] == 100


FW2 = Framework.from_records([
    {"code": "R", "level": 3, "parent": ""},
    {"code": "A", "level": 2, "parent": "R", "weight": 1},
    {"code": "B", "level": 2, "parent": "R", "weight": 3},
    {"code": "a1", "level": 1, "parent": "A", "direction": 1},
    {"code": "a2", "level": 1, "parent": "A", "direction": 1},
    {"code": "b1", "level": 1, "parent": "B", "direction": 1},
])


def two_level():
    return pd.DataFrame({"code": ["u", "v", "w"], "a1": [1.0, 2.0, 3.0], "a2": [3.0, np.nan, 1.0],
                         "b1": [2.0, 4.0, 3.0]})


def test_per_level_methods_min_coverage_and_named_weight_sets():
    base = {"treat": {"method": "none"}, "impute": {"method": "none"}, "group_by": [],
            "normalise": {"method": "minmax", "range": [1, 100]}}
    r = evaluate(two_level(), FW2, {**base, "aggregate": {"method": ["arithmetic", "geometric"],
                                                           "min_coverage": [0.75, None]}})
    s = r.by_year[None].stages["Aggregated"]
    assert math.isnan(s.loc["v", "A"])                     # 1 of 2 children < 0.75
    assert s.loc["v", "R"] == pytest.approx(s.loc["v", "B"], rel=1e-14)   # only B available at the root
    u = s.loc["u"]
    assert u["A"] == pytest.approx((u["a1"] + u["a2"]) / 2, rel=1e-15)
    assert u["R"] == pytest.approx(math.exp((1 * math.log(u["A"]) + 3 * math.log(u["B"])) / 4), rel=1e-14)
    r2 = evaluate(two_level(), FW2, {**base, "weights": {"source": "flat", "sets": {"flat": {"B": 1}}}})
    assert r2.weights["B"] == 1.0 and r2.effective_weights["a1"] == 0.25
    r3 = evaluate(two_level(), FW2, base, weights={"B": 1, "R": 5})
    assert r3.by_year[None].scores["R"].tolist() == r2.by_year[None].scores["R"].tolist()


def test_screen_force_and_shipped_hunan_framework():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from synthetic import make_units

    df = make_units(n_units=60, n_provinces=3, seed=1)
    r = evaluate(df, "hunan-15", {"screen": {"force": {df["code"].iloc[0]: False}}})
    y = r.by_year[None]
    assert y.status.iloc[0] == "screened_out" and (y.status.iloc[1:] == "ok").all()
    assert y.scores.columns.tolist() == ["D1", "D2", "D3", "D4", "INDEX"]
    assert y.ranks["INDEX"].iloc[1:].min() == 1 and y.ranks["INDEX"].iloc[1:].max() <= 59
    assert set(y.group_ranks) == {"province"}


def test_panel_uncertainty_uses_latest_year():
    from innocounty.evaluation.pipeline import prepare
    from innocounty.evaluation.uncertainty import run_uncertainty
    from innocounty.evaluation.weights import resolve_weights

    engine, m = prepare(panel(), FW, {**NO_TREAT, "impute": {"method": "carry_forward", "then": "mean"}})
    w = resolve_weights(engine.fw, m["weights"])
    res = run_uncertainty(engine, {**m, "uncertainty": {"n": 5, "seed": 1}}, w, engine.run(m, w))
    assert res.year == 2022 and dict(res.interval_columns)["year"].tolist() == [2022] * 3


def test_result_views_without_name_or_groups():
    fw = Framework.from_records([{"code": "R", "level": 2}, {"code": "a", "level": 1, "parent": "R", "direction": 1}])
    r = evaluate(pd.DataFrame({"code": ["x", "y"], "a": [1, 2]}), fw, {"group_by": [], **NO_TREAT})
    y = r.by_year[None]
    assert y.meta.shape == (2, 0) and y.meta.index.tolist() == ["x", "y"]
    assert r.table("meta").columns.tolist() == ["code"] and y.group_ranks == {}
    assert r.table("status")["status"].tolist() == ["ok", "ok"] and y.coverage.tolist() == [1.0, 1.0]
