"""What changed between two division tables, with successions proposed (regions.changes, pure), the
``refresh_regions --compare`` report, and loading the succession table."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from innocounty.regions.changes import compare, stem
from innocounty.regions.models import County, Succession
from innocounty.regions.successions import SuccessionError, load_successions, read_successions


def table(as_of, counties):
    return {"source": {"data_as_of": as_of}, "counties": counties}


# A small hand-made pair of tables (the 藁城市 → 藁城区 case is modelled on the 2014 change; the rest is made up).
OLD = table("2013-12-31", [
    ["130182", "藁城市", "县级市", "130100", "13"],     # → 藁城区 under a new code: became district
    ["130121", "井陉县", "县", "130100", "13"],         # unchanged
    ["130123", "正定县", "县", "130100", "13"],         # renamed (same code)
    ["130124", "栾城县", "县", "130100", "13"],         # same code, becomes a 县级市: type change
    ["970101", "甲县", "县", "970100", "97"],           # new code, same name: code change
    ["970102", "乙县", "县", "970100", "97"],           # gone without a match (merged? the notice says)
])
NEW = table("2014-12-31", [
    ["130109", "藁城区", "市辖区", "130100", "13"],
    ["130121", "井陉县", "县", "130100", "13"],
    ["130123", "正定新县", "县", "130100", "13"],
    ["130124", "栾城县", "县级市", "130100", "13"],
    ["970111", "甲县", "县", "970100", "97"],
    ["970199", "丙县", "县", "970100", "97"],           # new, no predecessor found
])


def test_stems():
    assert [stem(n) for n in ("藁城市", "藁城区", "鄂温克族自治旗", "神农架林区", "县")] == [
        "藁城", "藁城", "鄂温克族", "神农架", "县"]


def test_compare_lists_every_change_and_proposes_successions():
    report = compare(OLD, NEW)
    assert [r[0] for r in report.added] == ["970199"]
    assert [r[0] for r in report.removed] == ["970102"]
    assert [(a[0], b[1]) for a, b in report.renamed] == [("130123", "正定新县")]
    assert [(a[0], b[2]) for a, b in report.type_changes] == [("130124", "县级市")]
    assert sorted((a[0], b[0]) for a, b in report.code_changes) == [("130182", "130109"), ("970101", "970111")]
    assert {(p.predecessor, p.successor, p.kind) for p in report.proposals} == {
        ("130123", "130123", "renamed"), ("130124", "130124", "type_change"),
        ("130182", "130109", "became_district"), ("970101", "970111", "code_change")}
    text = "\n".join(report.lines())
    assert "+1 added, -1 removed, 1 renamed, 2 code changes, 1 type changes" in text
    assert "130182 藁城市 → 130109 藁城区 (became_district)" in text


def test_identical_tables_have_no_changes():
    assert compare(OLD, OLD).empty and not compare(OLD, OLD).proposals


def test_an_ambiguous_match_is_not_proposed():
    old = table("a", [["970101", "甲县", "县", "970100", "97"]])
    new = table("b", [["970111", "甲县", "县", "970100", "97"], ["970112", "甲县", "县", "970100", "97"]])
    report = compare(old, new)
    assert not report.proposals and len(report.removed) == 1 and len(report.added) == 2


def test_refresh_regions_compare_reports_the_changes(tmp_path, capsys):
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(json.dumps(OLD, ensure_ascii=False), encoding="utf-8")
    new_path.write_text(json.dumps(NEW, ensure_ascii=False), encoding="utf-8")
    call_command("refresh_regions", "--compare", str(old_path), str(new_path))
    out = capsys.readouterr().out
    assert "2013-12-31 → 2014-12-31" in out and "proposed successions (4" in out and "removed: 970102 乙县" in out


@pytest.mark.django_db
def test_loading_the_succession_table(tmp_path):
    path = tmp_path / "successions.csv"
    path.write_text(
        "date,kind,predecessor_code,predecessor_name,predecessor_type,successor_code,source\n"
        "2014-09-09,became_district,130182,藁城市,县级市,130109,测试\n", encoding="utf-8")
    first = load_successions(path)
    assert (first.created, first.historic_units) == (1, 1)
    again = load_successions(path)
    assert (again.created, again.unchanged) == (0, 1)
    old = County.objects.get(code="130182")
    assert old.valid_to == dt.date(2014, 9, 8) and old.unit_type == "县级市" and old.province_id == "13"
    assert Succession.objects.get().kind == "became_district"
    assert County.objects.get(code="130109").valid_from == dt.date(2014, 9, 9)


def test_a_bad_succession_table_is_refused(tmp_path):
    path = tmp_path / "successions.csv"
    path.write_text("date,kind,predecessor_code,predecessor_name,predecessor_type,successor_code,source\n"
                    "2014-09-09,vanished,130182,藁城市,县级市,130109,\n", encoding="utf-8")
    with pytest.raises(SuccessionError, match="unknown kind"):
        read_successions(path)
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SuccessionError, match="columns"):
        read_successions(path)


def test_the_shipped_succession_table_reads():
    assert isinstance(read_successions(), list)
