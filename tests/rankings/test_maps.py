"""Map data: every name matches a feature of the vendored ECharts maps (all 31 provinces), values, drill-down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from innocounty.rankings.maps import FEATURE_ALIASES, MAP_FILES, NO_OUTLINE, expected_areas
from innocounty.regions.models import Province

MAPS = Path(__file__).resolve().parents[2] / "src" / "innocounty" / "static" / "vendor" / "echarts" / "maps"


def features(path: Path) -> set[str]:
    return {f["properties"]["name"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]}


def test_every_province_short_name_is_a_feature_of_the_national_map(db):
    names = features(MAPS / "china.json")
    provinces = list(Province.objects.all())
    assert len(provinces) == 31
    assert {p.short_name for p in provinces} <= names


@pytest.mark.parametrize("code", sorted(MAP_FILES))
def test_every_area_of_a_province_is_a_feature_of_its_map(db, code):
    names = features(MAPS / "province" / f"{MAP_FILES[code]}.json")
    areas = expected_areas(code)
    missing = areas - names - NO_OUTLINE
    assert not missing, f"{code}: no outline for {sorted(missing)}"
    assert not (NO_OUTLINE & names)
    assert set(FEATURE_ALIASES.values()) & areas <= names


def test_all_31_provinces_have_a_map_file(db):
    assert set(MAP_FILES) == set(Province.objects.values_list("code", flat=True))
    assert all((MAPS / "province" / f"{name}.json").exists() for name in MAP_FILES.values())


def test_national_map_data(client_for, runs):
    body = client_for("anonymous").get("/rankings/map/data.json").json()
    assert body["level"] == "province" and body["synthetic_data"] is True
    areas = {a["name"]: a for a in body["areas"]}
    assert {n for n, a in areas.items() if not a["no_data"]} == {"河北", "浙江"}
    assert areas["河北"]["value"] == pytest.approx((62 + 40 + 55 + 20 + 30) / 5, abs=0.01)
    assert areas["河北"]["eligible"] == 2 and areas["浙江"]["counties"] == 2
    share = client_for("anonymous").get("/rankings/map/data.json?metric=share").json()
    assert {a["name"]: a["value"] for a in share["areas"] if not a["no_data"]} == {"河北": 40.0, "浙江": 50.0}
    assert {a["name"] for a in body["areas"]} <= features(MAPS / "china.json")
    assert client_for("anonymous").get("/rankings/map/data.json?metric=bogus").status_code == 404
    assert client_for("anonymous").get("/api/rankings/map?metric=bogus").status_code == 422


def test_province_map_data_and_drill_down(client_for, runs):
    body = client_for("anonymous").get("/api/rankings/map/13").json()
    assert body["map"] == "hebei" and body["level"] == "prefecture"
    assert [a["name"] for a in body["areas"]] == ["石家庄市"]
    assert body["areas"][0]["counties"] == 5
    assert {a["name"] for a in body["areas"]} <= features(MAPS / "province" / "hebei.json")
    page = client_for("anonymous").get("/rankings/map/33/?prefecture=330500").content.decode()
    assert "湖州市的县（市）" in page and "安吉县" in page and "长兴县" in page
    assert 'data-map-url="/static/vendor/echarts/maps/province/zhejiang.json"' in page
    assert client_for("anonymous").get("/rankings/map/33/?prefecture=130100").status_code == 404
    assert client_for("anonymous").get("/rankings/map/99/").status_code == 404


def test_map_page_is_offline(client_for, runs):
    page = client_for("anonymous").get("/rankings/map/").content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in page
    own = "http://testserver/"   # the platform's own address (the open-data citation line) is not a resource
    assert "http://" not in page.replace("http://www.w3.org", "").replace(own, "") and "https://" not in page


def test_every_unit_of_the_national_map_has_a_fill_taiwan_included(client_for, runs):
    """Issue 8 item 29: no feature of the national map is left blank; units without data (北京: districts
    only; 台湾, 香港, 澳门: outside the platform's monitoring) are listed as 无数据 and drawn in that fill."""
    body = client_for("anonymous").get("/rankings/map/data.json").json()
    areas = {a["name"]: a for a in body["areas"]}
    assert set(areas) == features(MAPS / "china.json")  # 34 province-level units
    assert areas["台湾"]["no_data"] and areas["台湾"]["full_name"] == "台湾省" and not areas["台湾"]["monitored"]
    assert areas["北京"]["no_data"] and areas["北京"]["monitored"] and areas["北京"]["counties"] == 0
    assert body["no_data_color"] and body["labels"]["no_data"] == "无数据"
    page = client_for("anonymous").get("/rankings/map/").content.decode()
    assert 'data-testid="map-legend"' in page and "无数据" in page
    assert "无审图号" in page and "ECharts 4.9" in page  # the outlines' source and the missing approval


def test_map_script_fills_no_data_areas_and_frames_the_south_china_sea_inset():
    script = (MAPS.parents[2] / "rankings" / "map.js").read_text()
    assert "areaColor: noData" in script  # the series' default fill is the 无数据 colour, never near-white
    assert "南海诸岛" in script and "frameNanhai" in script and "t.nanhai" in script
