"""§4–§7 wired to the pipeline result: which stage each analysis reads, skipping, ordering, panel data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innocounty.evaluation._sections import SectionError
from innocounty.evaluation.analyses import check_sections, run_analyses
from innocounty.evaluation.eligibility import compute_eligibility
from innocounty.evaluation.framework import Framework
from innocounty.evaluation.groups import compute_groups
from innocounty.evaluation.pipeline import evaluate
from innocounty.evaluation.strengths import compute_strengths
from innocounty.evaluation.timeseries import compute_chain, compute_changes

FW = Framework.from_records([
    {"code": "INDEX", "level": 2, "parent": "", "weight": 1, "direction": 1},
    {"code": "I1", "level": 1, "parent": "INDEX", "weight": 1, "direction": 1},
    {"code": "I2", "level": 1, "parent": "INDEX", "weight": 1, "direction": -1, "denominator": "pop"},
    {"code": "I3", "level": 1, "parent": "INDEX", "weight": 2, "direction": 1},
])


def run(tmp_path, frame, method):
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False, na_rep="NA")
    return evaluate(str(path), FW, {"treat": {"method": "none"}, **method})


def cross_section():
    # province A: a1..a4; B: b1..b3. I2 is divided by pop. a2 lacks I1 (mean-imputed in the pipeline).
    return pd.DataFrame({
        "code": ["a1", "a2", "a3", "a4", "b1", "b2", "b3"],
        "province": ["A", "A", "A", "A", "B", "B", "B"],
        "pop": [1.0, 2.0, 1.0, 4.0, 1.0, 1.0, 2.0],
        "I1": [10.0, np.nan, 1.0, 2.0, 5.0, 6.0, 7.0],
        "I2": [8.0, 2.0, 3.0, 4.0, 1.0, 2.0, 6.0],   # denominated: 8, 1, 3, 1; 1, 2, 3
        "I3": [1.0, 2.0, 3.0, 4.0, 3.0, 2.0, 1.0],
    })


def test_eligibility_raw_data_give_imputed_values_no_credit(tmp_path):
    r = run(tmp_path, cross_section(), {"eligibility": {"indicator": {"share": 0.5}}})
    df = compute_eligibility(r)
    a = df.set_index("code")
    # I1 raw in A: 10, NA, 1, 2 → n = 3, k = 2: a1, a4. a2's imputed mean (13/3) earns nothing.
    # I2 denominated × −1 in A: −8, −1, −3, −1 → a2, a4 tie at rank 1 (k = 2) and a3 is 3rd.
    # I3 in A: 1, 2, 3, 4 → k = 2: a4, a3.
    assert a.loc[["a1", "a2", "a3", "a4"], "top_indicators"].tolist() == ["I1", "I2", "I3", "I1;I2;I3"]
    norm = compute_eligibility(r, {"indicator": {"share": 0.5}, "indicator_data": "normalised"}).set_index("code")
    assert norm.loc["a2", "top_indicators"] == "I1;I2"  # with normalised data the imputed value counts
    # the composite rank is the pipeline's within-province rank of the root
    ranks = r.by_year[None].group_ranks["province"]["INDEX"]
    assert df["rank"].astype(float).tolist() == ranks.tolist()
    assert df["code"].tolist() == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]


def test_screened_out_units_take_no_part(tmp_path):
    data = cross_section()
    data.loc[2, ["I1", "I2"]] = np.nan  # a3: coverage 1/3
    r = run(tmp_path, data, {"screen": {"min_coverage": 0.5}, "eligibility": {}, "strengths": {"scope": "national"}})
    e = compute_eligibility(r).set_index("code")
    assert pd.isna(e.loc["a3", "eligible"]) and e.loc["a1", "n_g"] == 3
    s = compute_strengths(r)
    assert "a3" not in set(s["code"])
    assert set(s["n"]) <= {5, 6}  # a3 never counted; a2 lacks I1


def test_strengths_report_the_denominated_value_and_follow_eligibility_data(tmp_path):
    r = run(tmp_path, cross_section(), {"strengths": {}})
    s = compute_strengths(r)
    row = s[(s["code"] == "a1") & (s["indicator"] == "I2")].iloc[0]
    assert (row["kind"], row["value"], row["rank"]) == ("weakness", 8.0, 1)  # −1 indicator: 8 is the worst
    assert s.attrs["rule"]["data"] == "raw"
    r2 = run(tmp_path, cross_section(), {"strengths": {}, "eligibility": {"indicator_data": "normalised"}})
    assert compute_strengths(r2).attrs["rule"]["data"] == "normalised"


def test_missing_columns_skip_with_a_warning_never_an_error(tmp_path):
    data = cross_section().drop(columns="province")
    r = run(tmp_path, data, {"group_by": [], "groups": {"reference": "group:region"}, "eligibility": {},
                             "strengths": {}})
    before = len(r.warnings)
    out = run_analyses(r)
    assert set(out) == {"groups.csv"}  # the fixed scheme still runs
    assert "ratio" not in out["groups.csv"].columns
    new = r.warnings[before:]
    assert any("region" in w for w in new) and any("eligibility" in w and "province" in w for w in new)
    assert any(w.startswith("strengths:") for w in new)
    only_relative = compute_groups(r, {"reference": "group:region", "fixed": False}, warn=lambda m: None)
    assert only_relative is None


def test_groups_on_a_dimension_and_an_unknown_node(tmp_path):
    r = run(tmp_path, cross_section(), {"groups": {"node": "I3"}})
    g = compute_groups(r, warn=lambda m: None)
    assert g["node"].unique().tolist() == ["I3"]
    assert g["score"].tolist() == r.by_year[None].stages["Normalised"]["I3"].tolist()
    with pytest.raises(SectionError, match="unknown node 'D9'"):
        compute_groups(r, {"node": "D9"})


def panel():
    base = cross_section().drop(columns=["province"]).assign(province="A")
    later = base.copy()
    later[["I1", "I2", "I3"]] = later[["I1", "I2", "I3"]] * 1.1
    frame = pd.concat([later.assign(year=2021), base.assign(year=2020)], ignore_index=True)
    return frame[["code", "year", *[c for c in frame.columns if c not in ("code", "year")]]]


def test_panel_outputs_keep_input_order_and_add_year(tmp_path):
    r = run(tmp_path, panel(), {"groups": {}, "eligibility": {}, "strengths": {}, "chain": {}})
    out = run_analyses(r, warn=lambda m: None)
    assert set(out) == {"groups.csv", "eligibility.csv", "strengths.csv", "chain.csv", "changes.csv"}
    for name in ("groups.csv", "eligibility.csv"):
        assert out[name][["code", "year"]].values.tolist() == panel()[["code", "year"]].values.tolist()
        assert out[name].columns[:2].tolist() == ["code", "year"]
    chain = out["chain.csv"].set_index(["code", "year"])["index"]
    # every raw value grew by 10%: I1, I3 links 1.1, I2 (−1) link 1/1.1; weights (¼, ¼, ½) for a1
    assert chain[("a1", 2020)] == 100.0
    assert chain[("a1", 2021)] == pytest.approx(100 * (0.25 * 1.1 + 0.25 / 1.1 + 0.5 * 1.1), rel=1e-12)
    # a2 has no I1 in either year: weights renormalised over I2, I3 (⅓, ⅔)
    assert chain[("a2", 2021)] == pytest.approx(100 * (1 / 3 / 1.1 + 2 / 3 * 1.1), rel=1e-12)
    ch = out["changes.csv"]
    assert ch.columns[:3].tolist() == ["code", "year", "prev_year"] and "rank_INDEX_move" in ch.columns


def test_chain_skipped_on_a_cross_section_and_score_ratio_warns(tmp_path):
    r = run(tmp_path, cross_section(), {"chain": {}})
    seen: list[str] = []
    assert compute_chain(r, warn=seen.append) is None and compute_changes(r, warn=seen.append) is None
    assert len(seen) == 2 and "panel" in seen[0]
    rp = run(tmp_path, panel(), {"chain": {"mode": "score_ratio"}})
    seen = []
    out = compute_chain(rp, warn=seen.append)
    assert any("normalised per year" in m for m in seen)
    assert out.attrs["rule"]["node"] == "INDEX"


def test_check_sections_validates_up_front():
    rules = check_sections({"groups": {}, "eligibility": None, "normalise": {}})
    assert set(rules) == {"groups", "eligibility"}
    assert rules["eligibility"]["combine"] == "and"
    with pytest.raises(SectionError, match="strengths: unknown key 'topn'"):
        check_sections({"strengths": {"topn": 3}})


def test_check_sections_writes_out_framework_defaults():
    rules = check_sections({"groups": {}, "eligibility": {"indicator_data": "normalised"}, "strengths": {},
                            "chain": {"mode": "score_ratio"}}, FW)
    assert rules["groups"]["node"] == "INDEX" and rules["chain"]["node"] == "INDEX"
    assert rules["eligibility"]["indicator"]["min_count"] == 2  # ⌈3/2⌉
    assert rules["strengths"]["data"] == "normalised"
    with pytest.raises(SectionError, match="unknown node 'D7'"):
        check_sections({"groups": {"node": "D7"}}, FW)


def test_raw_indicator_data_are_untreated(tmp_path):
    # The §2.4 worked example: with the JRC defaults 100 and 200 are Winsorised down to 20, so on treated or
    # normalised data three units tie at the top; the raw (untreated) data keep 200 > 100 > 20.
    n = 22
    x = [*range(1, 21), 100, 200]
    frame = pd.DataFrame({"code": [f"u{i:02d}" for i in range(n)], "province": "A", "pop": 1.0,
                          "I1": [float(v) for v in x], "I2": 1.0, "I3": 1.0})
    frame.loc[0, "I2"] = 2.0
    frame.loc[0, "I3"] = 2.0
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    r = evaluate(str(path), FW, {"eligibility": {"indicator": {"share": 0.05}}})  # k = ⌈1.1⌉ = 2
    assert r.by_year[None].treatment.set_index("indicator").loc["I1", "status"] == "winsorised"
    raw = compute_eligibility(r, warn=lambda m: None).set_index("code")["top_indicators"]
    assert [c for c in raw.index if "I1" in raw[c].split(";")] == ["u20", "u21"]
    norm = compute_eligibility(r, {"indicator": {"share": 0.05}, "indicator_data": "normalised"},
                               warn=lambda m: None).set_index("code")["top_indicators"]
    assert [c for c in norm.index if "I1" in norm[c].split(";")] == ["u19", "u20", "u21"]
