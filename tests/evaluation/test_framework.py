"""Framework loading and every validation rule of methodology §1.1 (and issue 3), effective weights (§3)."""

from __future__ import annotations

import pytest

from innocounty.evaluation.errors import FrameworkError
from innocounty.evaluation.framework import (
    Framework,
    check_against_columns,
    check_methods,
    load_framework,
    shipped_frameworks,
)

HEADER = "code,name,level,parent,weight,direction,denominator,type\n"


def write(tmp_path, body, name="fw.csv"):
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def rows(*specs):
    """specs: (code, level, parent, weight, direction)."""
    return [{"code": c, "level": lv, "parent": p, "weight": w, "direction": d} for c, lv, p, w, d in specs]


def problems_of(records):
    with pytest.raises(FrameworkError) as e:
        Framework.from_records(records)
    return e.value.problems


def test_shipped_frameworks_load_by_name_and_path():
    shipped = shipped_frameworks()
    assert set(shipped) == {"provisional-23", "hunan-15"}
    fw = load_framework("provisional-23")
    assert len(fw.indicators) == 23 and fw.levels == 3 and fw.root == "INDEX"
    assert fw.aggregates == ["D1", "D2", "D3", "D4", "D5", "INDEX"]
    assert fw.nodes["I22"].direction == -1 and fw.nodes["I07"].denominator == "enterprises_1k"
    assert fw.nodes["I01"].extra["source_department"] == "财政部门"
    hn = load_framework(shipped["hunan-15"])
    assert len(hn.indicators) == 15 and hn.indicators[:3] == ["I02", "I05", "I03"]   # row order kept
    assert len(hn.children[hn.root]) == 4


def test_effective_weights_example():
    fw = Framework.from_records(rows(
        ("ROOT", 3, "", 1, 1), ("D1", 2, "ROOT", 1, 1), ("D2", 2, "ROOT", 1, 1),
        ("a", 1, "D1", 1, 1), ("b", 1, "D1", 1, 1), ("c", 1, "D2", 1, 1), ("d", 1, "D2", 2, 1),
        ("e", 1, "D2", 1, 1)))
    eff = fw.effective_weights()
    assert eff["D1"] == eff["D2"] == 0.5
    assert [eff[c] for c in "abcde"] == [0.25, 0.25, 0.125, 0.25, 0.125]
    assert sum(eff[c] for c in fw.indicators) == 1.0
    # rescaling siblings changes nothing
    assert fw.effective_weights({"c": 2, "d": 4, "e": 2}) == eff


def test_rows_of_other_types_are_discarded_before_parsing(tmp_path):
    p = write(tmp_path, "R,root,2,,1,1,,Aggregate\nX,x,1,R,1,1,,Indicator\n"
                        "G1,group,zzz,nowhere,bad,bad,,Group\npop,population,0,,,,,Denominator\n")
    fw = load_framework(p)
    assert list(fw.nodes) == ["R", "X"]


def test_type_must_agree_with_level():
    recs = rows(("R", 2, "", 1, 1), ("X", 1, "R", 1, 1))
    recs[1]["type"] = "Aggregate"
    assert any("type Aggregate does not agree with level 1" in p for p in problems_of(recs))


def test_every_problem_listed_in_one_error(tmp_path):
    body = ("R,root,3,,1,1,,\n"
            "D1,d1,2,R,1,1,,\n"
            "D2,d2,2,R,1,1,,\n"              # no children
            "I1,i1,1,D1,1,1,,\n"
            "I1,dup,1,D1,1,1,,\n"            # duplicate
            "I2,i2,1,DX,1,1,,\n"             # unknown parent
            "I3,i3,1,R,1,1,,\n"              # parent two levels up
            "I4,i4,1,D1,-2,1,,\n"            # negative weight
            "I5,i5,1,D1,1,,,\n"              # no direction
            "I6,i6,1,D1,x,2,,\n"             # weight text, direction 2
            "I 7,i7,1,D1,1,1,,\n")           # whitespace in code
    with pytest.raises(FrameworkError) as e:
        load_framework(write(tmp_path, body))
    msg = str(e.value)
    assert "\n" not in msg and str(tmp_path / "fw.csv") in msg
    for fragment in ("row 4: aggregate D2 has no children", "row 6: duplicate code I1 (first at row 5)",
                     "row 7: node I2 has unknown parent DX", "row 8: node I3 (level 1) has parent R at level 3",
                     "row 9: node I4: weight must be finite and >= 0", "row 10: indicator I5: direction is required",
                     "row 11: node I6: weight is not a number", "direction must be 1 or -1, got '2'",
                     "code 'I 7' contains whitespace"):
        assert fragment in msg, fragment


def test_roots_levels_cycles():
    assert any("more than one root" in p for p in problems_of(rows(("A", 2, "", 1, 1), ("B", 2, "", 1, 1),
                                                                    ("x", 1, "A", 1, 1), ("y", 1, "B", 1, 1))))
    assert any("no root" in p for p in problems_of(rows(("A", 2, "B", 1, 1), ("B", 2, "A", 1, 1),
                                                         ("x", 1, "A", 1, 1))))
    probs = problems_of(rows(("A", 2, "B", 1, 1), ("B", 2, "A", 1, 1), ("R", 3, "", 1, 1), ("x", 1, "A", 1, 1)))
    assert any(p.startswith("cycle: ") for p in probs)
    probs = problems_of(rows(("R", 3, "", 1, 1), ("x", 1, "R", 1, 1)))
    assert any("missing level(s) 2" in p for p in probs)
    probs = problems_of(rows(("R", 2, "", 1, 1), ("x", 1, "R", 0, 1), ("y", 1, "R", 0, 1)))
    assert any("children of R sum to 0" in p for p in probs)
    assert any("level must be an integer" in p for p in problems_of(rows(("R", "two", "", 1, 1))))


def test_aggregate_direction_and_field_checks():
    recs = rows(("R", 2, "", 1, -1), ("x", 1, "R", 1, 1))
    recs[1].update(scale_factor="0", target="-1", norm_method="fancy", norm_params="[1]", treat="maybe")
    probs = problems_of(recs)
    text = "; ".join(probs)
    for frag in ("aggregate R: direction must be 1 or empty", "scale_factor must be > 0", "target must be > 0",
                 "unknown norm_method 'fancy'", "norm_params must be a JSON object", "treat must be 'default' or 'none'"):
        assert frag in text, frag


def test_rule5_method_fields():
    recs = rows(("R", 2, "", 1, 1), ("x", 1, "R", 1, 1), ("y", 1, "R", 1, 1))
    recs[1]["target"] = 5
    recs[2].update(goalpost_lower=10, goalpost_upper=5)
    fw = Framework.from_records(recs)
    assert check_methods(fw, "minmax") == []
    assert check_methods(fw, "target_ratio") == ["row 4: indicator y has no target; target_ratio needs one"]
    probs = check_methods(fw, "goalposts")
    assert "needs goalpost_lower and goalpost_upper" in probs[0] and "must be < goalpost_upper" in probs[1]


def test_data_dependent_checks():
    recs = rows(("R", 2, "", 1, 1), ("x", 1, "R", 1, 1), ("province", 1, "R", 1, 1))
    recs[1]["denominator"] = "pop"
    fw = Framework.from_records(recs)
    probs = check_against_columns(fw, ["code", "x"], ["province"], True)
    assert "row 4: indicator province has no data column" in probs
    assert "row 3: indicator x: denominator column pop is not in the data" in probs
    assert any("equals a group or denominator column name" in p for p in probs)
    assert check_against_columns(fw, ["code", "x", "province"], [], False) == []


def test_yaml_and_xlsx(tmp_path):
    import openpyxl

    y = tmp_path / "fw.yaml"
    y.write_text("nodes:\n  - {code: R, level: 2, weight: 1}\n  - {code: a, level: 1, parent: R, direction: -1,"
                 " norm_method: target_ratio, norm_params: {cap: 120}, target: 2}\n", encoding="utf-8")
    fw = load_framework(y)
    assert fw.nodes["a"].direction == -1 and fw.nodes["a"].norm_params == {"cap": 120}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["code", "level", "parent", "weight", "direction"])
    ws.append(["R", 2, None, 1, 1])
    ws.append(["001", 1, "R", 2.5, 1])
    wb.save(tmp_path / "fw.xlsx")
    fw = load_framework(tmp_path / "fw.xlsx")
    assert fw.indicators == ["001"] and fw.nodes["001"].weight == 2.5


def test_unknown_framework_name():
    with pytest.raises(FrameworkError, match="no such file or shipped framework"):
        load_framework("nope-99")
