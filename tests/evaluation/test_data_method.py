"""Unit-data reading/validation (§0, §1.2, §1.3, §12.4) and the method configuration (§2.0, §2.5, §12.1)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from innocounty.evaluation.data import load_data
from innocounty.evaluation.errors import DataError, MethodError
from innocounty.evaluation.method import DEFAULTS, expand_dotted, merge_method, resolve_method


def csv(tmp_path, text, name="d.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- data -------------------------------------------------------------------------------------------------------

def test_codes_are_strings_and_na_tokens(tmp_path):
    p = csv(tmp_path, "code,name,province,I1,I2\n010101,a,01,1.5,\n110101.0,b,,NA,NaN\n000,c,02,null,2e3\n")
    d = load_data(p, ["I1", "I2"], [], ["province"])
    f = d.frame
    assert f["code"].tolist() == ["010101", "110101.0", "000"]
    assert f["province"].tolist() == ["01", None, "02"]
    assert f["I1"].iloc[0] == 1.5 and math.isnan(f["I1"].iloc[1]) and math.isnan(f["I1"].iloc[2])
    assert f["I2"].iloc[2] == 2000.0 and f["I2"].isna().sum() == 2
    assert not d.has_year and d.years == [None]
    assert len(d.sha256) == 64 and len(d.canonical_sha256()) == 64


def test_non_numeric_cell_names_row_column_text_and_unit(tmp_path):
    p = csv(tmp_path, "code,I1\n001,1\n002,1,5\n", "bad.csv")
    with pytest.raises(DataError):
        load_data(p, ["I1"], [])
    p = csv(tmp_path, "code,I1\n001,1\n002,abc\n")
    with pytest.raises(DataError) as e:
        load_data(p, ["I1"], [])
    assert str(e.value) == f"{p}: row 3, column I1: non-numeric value 'abc' (unit 002)"
    p = csv(tmp_path, "code,I1\n001,inf\n")
    with pytest.raises(DataError, match=r"row 2, column I1: infinite value 'inf' \(unit 001\)"):
        load_data(p, ["I1"], [])


def test_duplicate_codes_per_year(tmp_path):
    p = csv(tmp_path, "code,year,I1\n001,2021,1\n001,2022,2\n002,2022,3\n")
    d = load_data(p, ["I1"], [])
    assert d.years == [2021, 2022] and d.rows_by_year[2022].tolist() == [1, 2]
    p = csv(tmp_path, "code,year,I1\n001,2021,1\n001,2021,2\n")
    with pytest.raises(DataError, match=r"row 3, column code: duplicate unit code 001 in year 2021 \(first at row 2\)"):
        load_data(p, ["I1"], [])
    p = csv(tmp_path, "code,I1\n001,1\n001,2\n")
    with pytest.raises(DataError, match="duplicate unit code 001"):
        load_data(p, ["I1"], [])
    p = csv(tmp_path, "code,year,I1\n001,twenty,1\n")
    with pytest.raises(DataError, match="year must be an integer"):
        load_data(p, ["I1"], [])


def test_missing_columns_and_empty_code(tmp_path):
    p = csv(tmp_path, "code,I1\n001,1\n")
    with pytest.raises(DataError, match="missing indicator column\\(s\\): I2, I3"):
        load_data(p, ["I1", "I2", "I3"], [])
    with pytest.raises(DataError, match="missing denominator column\\(s\\): pop"):
        load_data(p, ["I1"], ["pop"])
    p = csv(tmp_path, "id,I1\n001,1\n")
    with pytest.raises(DataError, match="required column 'code' is missing"):
        load_data(p, ["I1"], [])
    p = csv(tmp_path, "code,I1\n001,1\n,2\n")
    with pytest.raises(DataError, match="row 3, column code: empty unit code"):
        load_data(p, ["I1"], [])


def test_denominator_numeric_and_other_columns_kept_as_text(tmp_path):
    p = csv(tmp_path, "code,pop,note,I1\n001,x,hello,1\n")
    with pytest.raises(DataError, match="column pop: non-numeric value 'x'"):
        load_data(p, ["I1"], ["pop"])
    d = load_data(p, ["I1"], [])  # denominate off: pop is text
    assert d.frame["pop"].tolist() == ["x"] and d.frame["note"].tolist() == ["hello"]
    assert any("note" in w for w in d.warnings)


def test_xlsx_data(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["code", "province", "I1"])
    ws.append(["010101", "01", 1.5])
    ws.append([130102, 13, None])
    wb.save(tmp_path / "d.xlsx")
    d = load_data(tmp_path / "d.xlsx", ["I1"], [], ["province"])
    assert d.frame["code"].tolist() == ["010101", "130102"]
    assert d.frame["province"].tolist() == ["01", "13"]
    assert math.isnan(d.frame["I1"].iloc[1])


# -- method -----------------------------------------------------------------------------------------------------

def test_defaults_written_out():
    m = resolve_method(None)
    assert m["denominate"] is True
    assert m["screen"] == {"min_coverage": 0, "nonzero_thresh": None, "force": {}}
    assert m["impute"]["method"] == "mean"
    assert m["treat"] == {"method": "jrc", "winmax": 5, "skew": 2.0, "kurt": 3.5, "fallback": "log_ct",
                          "treat_absolute": False}
    assert m["normalise"] == {"method": "minmax", "range": [0, 100], "degenerate": "error", "pooling": "per_year",
                              "pool_years": None}
    assert m["aggregate"] == {"method": "arithmetic", "min_coverage": None}
    assert m["group_by"] == ["province"] and m["weights"]["source"] == "framework"
    assert set(DEFAULTS) <= set(m)


@pytest.mark.parametrize("user, fragment", [
    ({"bogus": 1}, "method: bogus: unknown key"),
    ({"treat": {"winmax": -1}}, "treat.winmax: must be an integer >= 0"),
    ({"treat": {"method": "clip"}}, "treat.method: unknown value 'clip'"),
    ({"treat": {"fallback": "sqrt"}}, "treat.fallback"),
    ({"treat": {"extra": 1}}, "treat.extra: unknown key"),
    ({"impute": {"method": "median"}}, "impute.method: unknown value 'median'"),
    ({"impute": {"then": "carry_forward"}}, "impute.then"),
    ({"normalise": {"method": "logistic"}}, "normalise.method: unknown value 'logistic'"),
    ({"normalise": {"method": "minmax", "mean": 3}}, "normalise.mean: unknown key for method minmax"),
    ({"normalise": {"method": "zscore", "sd": 0}}, "normalise.sd: must be > 0"),
    ({"normalise": {"range": [100, 0]}}, "normalise.range: must be [l, u] with l < u"),
    ({"normalise": {"degenerate": "ignore"}}, "normalise.degenerate"),
    ({"normalise": {"pooling": "rolling"}}, "normalise.pooling"),
    ({"aggregate": {"method": "median"}}, "aggregate.method: unknown value 'median'"),
    ({"aggregate": {"min_coverage": 1.5}}, "aggregate.min_coverage: must be <= 1"),
    ({"screen": {"min_coverage": -0.1}}, "screen.min_coverage: must be >= 0"),
    ({"screen": {"force": {"001": "yes"}}}, "screen.force"),
    ({"denominate": "yes"}, "denominate: must be true or false"),
    ({"group_by": [1]}, "group_by: must be a list of column names"),
    ({"weights": {"source": "expert"}}, "weights.source: unknown weight set 'expert'"),
    ({"weights": {"sets": {"e": {"D1": -1}}}}, "weights.sets.e.D1"),
    ({"groups": [1]}, "groups: must be a mapping"),
])
def test_method_errors(user, fragment):
    with pytest.raises(MethodError) as e:
        resolve_method(user)
    assert fragment in str(e.value)


def test_passthrough_sections_and_per_level():
    m = resolve_method({"groups": {"node": "INDEX"}, "eligibility": None, "strengths": {}, "chain": {"base": 1},
                        "aggregate": {"method": ["arithmetic", "geometric"], "min_coverage": [None, 0.5]}})
    assert m["groups"] == {"node": "INDEX"} and m["eligibility"] == {} and m["chain"] == {"base": 1}
    assert m["aggregate"]["method"] == ["arithmetic", "geometric"]


def test_reset_rule_and_whole_normalise_replacement():
    nominal = resolve_method({"normalise": {"method": "minmax", "range": [1, 100], "degenerate": "midpoint"}})
    z = merge_method(nominal, {"normalise": {"method": "zscore"}})
    assert z["normalise"] == {"method": "zscore", "mean": 0, "sd": 1, "degenerate": "error", "pooling": "per_year",
                              "pool_years": None}
    z2 = merge_method(nominal, {"normalise.method": "zscore"})
    assert z2["normalise"] == z["normalise"]
    back = merge_method(z, {"normalise": {"method": "minmax"}})
    assert back["normalise"]["range"] == [0, 100]
    t = merge_method(nominal, {"treat": {"winmax": 1}, "aggregate.method": "geometric"})
    assert t["treat"]["winmax"] == 1 and t["treat"]["skew"] == 2.0 and t["aggregate"]["method"] == "geometric"
    assert t["normalise"] == nominal["normalise"]
    with pytest.raises(MethodError):
        merge_method(nominal, {"treat": {"nope": 1}})
    assert expand_dotted({"treat.winmax": 3, "a.b.c": 1}) == {"treat": {"winmax": 3}, "a": {"b": {"c": 1}}}


def test_merge_keeps_default_group_by_flag():
    nominal = resolve_method({})
    assert merge_method(nominal, {"treat": {"winmax": 2}})["_group_by_default"] is True
    assert merge_method(nominal, {"group_by": ["region"]})["group_by"] == ["region"]


def test_frame_entry_point():
    from innocounty.evaluation.data import from_frame

    d = from_frame(pd.DataFrame({"code": [1, 2], "I1": [1.0, float("nan")]}), ["I1"], [])
    assert d.frame["code"].tolist() == ["1", "2"] and math.isnan(d.frame["I1"].iloc[1])
