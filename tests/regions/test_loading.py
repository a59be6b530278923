"""The loaded tables: totals, known units, idempotent reloading, updates and pruning."""

import time
from collections import Counter

import pytest
from django.core.management import call_command

from innocounty.regions.fixture import fixture_counts
from innocounty.regions.loading import load_regions_with_current_models
from innocounty.regions.models import County, Prefecture, Province

pytestmark = pytest.mark.django_db


def test_database_counts_match_fixture(regions):
    assert County.objects.count() == 2845
    assert Province.objects.count() == 31
    assert Prefecture.objects.filter(is_grouping=False).count() == 333
    by_type = Counter(County.objects.values_list("unit_type", flat=True))
    assert by_type == regions["counts"]["counties_by_type"]
    by_province = Counter(County.objects.values_list("province_id", flat=True))
    assert by_province == Counter(c[4] for c in regions["counties"])
    assert Counter(Province.objects.values_list("belt", flat=True)) == {"east": 11, "central": 8, "west": 12}


@pytest.mark.parametrize(
    ("code", "name", "unit_type", "province", "belt", "prefecture"),
    [
        ("130123", "正定县", "县", "河北省", "east", "石家庄市"),
        ("429004", "仙桃市", "县级市", "湖北省", "central", "省直辖县级行政区划"),
        ("469028", "陵水黎族自治县", "自治县", "海南省", "east", "省直辖县级行政区划"),
        ("429021", "神农架林区", "林区", "湖北省", "central", "省直辖县级行政区划"),
        ("520203", "六枝特区", "特区", "贵州省", "west", "六盘水市"),
        ("310151", "崇明区", "市辖区", "上海市", "east", "市辖区"),
        ("210124", "法库县", "县", "辽宁省", "east", "沈阳市"),
        ("230183", "尚志市", "县级市", "黑龙江省", "central", "哈尔滨市"),
        ("500230", "丰都县", "县", "重庆市", "west", "县"),
    ],
)
def test_known_units(regions, code, name, unit_type, province, belt, prefecture):
    county = County.objects.select_related("province", "prefecture").get(code=code)
    assert (county.name, county.unit_type, county.province.name, county.province.belt) == (
        name, unit_type, province, belt,
    )
    assert county.prefecture.name == prefecture
    assert county.prefecture.province_id == county.province_id == code[:2]


def test_full_name_skips_grouping_rows(regions):
    assert County.objects.get(code="429004").full_name == "湖北省仙桃市"
    assert County.objects.get(code="130123").full_name == "河北省石家庄市正定县"
    assert County.objects.get(code="310151").full_name == "上海市崇明区"


def test_loading_twice_is_idempotent(regions):
    started = time.perf_counter()
    report = load_regions_with_current_models()
    assert time.perf_counter() - started < 5
    for table in ("provinces", "prefectures", "counties"):
        assert (report.tables[table].created, report.tables[table].updated) == (0, 0)
    assert report.tables["counties"].unchanged == 2845
    assert County.objects.count() == 2845


def test_loading_restores_edited_and_missing_rows(regions):
    County.objects.filter(code="130123").update(name="改过的名字", unit_type="市辖区")
    County.objects.filter(code="210124").delete()
    Province.objects.filter(code="21").update(belt="central")
    report = load_regions_with_current_models()
    assert report.tables["counties"].updated == 1 and report.tables["counties"].created == 1
    assert report.tables["provinces"].updated == 1
    assert County.objects.get(code="130123").name == "正定县"
    assert County.objects.get(code="210124").unit_type == "县"
    assert Province.objects.get(code="21").belt == "east"


def test_full_load_into_empty_tables_is_fast(regions):
    County.objects.all().delete()
    Prefecture.objects.all().delete()
    Province.objects.all().delete()
    started = time.perf_counter()
    report = load_regions_with_current_models()
    elapsed = time.perf_counter() - started
    assert report.tables["counties"].created == 2845
    assert elapsed < 5, f"loading took {elapsed:.2f} s"


def test_stale_rows_are_reported_and_pruned_only_on_request(regions):
    Prefecture.objects.create(code="139900", name="旧地区", province_id="13")
    County.objects.create(code="139901", name="旧县", unit_type="县", prefecture_id="139900", province_id="13")
    report = load_regions_with_current_models()
    assert report.tables["counties"].stale == ["139901"]
    assert County.objects.filter(code="139901").exists()
    report = load_regions_with_current_models(prune=True)
    assert report.tables["counties"].deleted == 1
    assert not County.objects.filter(code="139901").exists()
    assert not Prefecture.objects.filter(code="139900").exists()


def test_codes_keep_leading_zeros(regions):
    fixture = {
        "source": {"data_as_of": "2000-01-01"},
        "provinces": [["01", "测试省"]],
        "prefectures": [["010100", "测试市", "01", False]],
        "counties": [["010101", "测试县", "县", "010100", "01"]],
    }
    fixture["counts"] = fixture_counts(fixture["provinces"], fixture["prefectures"], fixture["counties"])
    from innocounty.regions.fixture import ProvinceInfo
    from innocounty.regions.loading import load_regions

    info = {"01": ProvinceInfo(code="01", short_name="测", belt="east", belt_status="I")}
    load_regions(Province, Prefecture, County, fixture=fixture, province_info=info)
    county = County.objects.get(code="010101")
    assert county.code == "010101" and county.province_id == "01" and county.prefecture_id == "010100"
    assert County.objects.filter(code__startswith="0101").count() == 1


def test_load_regions_command(regions, capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "divisions-2025-12-31.json" in out
    assert "counties: 0 created, 0 updated, 2845 unchanged" in out
