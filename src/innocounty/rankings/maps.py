"""Data of the choropleth maps, keyed by the names of the vendored ECharts map features.

* National map (``maps/china.json``): features are short province names ("河北") = ``Province.short_name``.
* Province maps (``maps/province/<file>.json``): features are prefectures by full name ("石家庄市"); county-
  level units directly under a province (grouping prefectures such as 省直辖县级行政区划, 重庆市 县) appear
  as features of their own, by county name. Each area's value is the mean index of its evaluated counties
  (or the share of them "位居本省前列"). The maps date from about 2018: renamed prefectures are mapped by
  :data:`FEATURE_ALIASES`, and units created later (:data:`NO_OUTLINE`) have no outline — they are listed
  in the table beside the map and flagged ``on_map: false``. County outlines are not vendored: counties
  are listed in the table, not drawn.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy

from innocounty.evaluations.queries import county_results
from innocounty.rankings.queries import prefecture_summary, province_summary
from innocounty.regions.models import County, Prefecture

MAP_FILES = {
    "11": "beijing", "12": "tianjin", "13": "hebei", "14": "shanxi", "15": "neimenggu", "21": "liaoning",
    "22": "jilin", "23": "heilongjiang", "31": "shanghai", "32": "jiangsu", "33": "zhejiang", "34": "anhui",
    "35": "fujian", "36": "jiangxi", "37": "shandong", "41": "henan", "42": "hubei", "43": "hunan",
    "44": "guangdong", "45": "guangxi", "46": "hainan", "50": "chongqing", "51": "sichuan", "52": "guizhou",
    "53": "yunnan", "54": "xizang", "61": "shanxi1", "62": "gansu", "63": "qinghai", "64": "ningxia",
    "65": "xinjiang",
}
# Current name → the name the 2018 outline carries.
FEATURE_ALIASES = {"那曲市": "那曲地区"}
# Units created after the outlines were drawn (XPCC cities of 2019–2023): no feature to colour.
NO_OUTLINE = frozenset({"新星市", "白杨市", "胡杨河市"})
# Province-level units outside the platform's monitoring (no Province rows): drawn with the "无数据" fill.
NOT_MONITORED = {"台湾": gettext_lazy("台湾省"), "香港": gettext_lazy("香港特别行政区"), "澳门": gettext_lazy("澳门特别行政区")}
NO_DATA_COLOR = "#c3c9d1"
METRICS = {"mean": gettext_lazy("平均综合指数"), "share": gettext_lazy("位居本省前列的县（市）占比")}


def chart_labels() -> dict[str, str]:
    """The map script's own words (tooltip, legend, loading and failure texts) in the active language."""
    return {
        "loading": gettext("加载中…"), "no_counties": gettext("无参评县（市）"),
        "counties": gettext("参评县（市）："), "mean_index": gettext("平均综合指数："),
        "eligible": gettext("位居本省前列："), "high_share": gettext("占比高 %"), "high_index": gettext("指数高"),
        "low": gettext("低"), "failed": gettext("地图加载失败。"), "no_data": gettext("无数据"),
        "not_monitored": gettext("未纳入本平台监测"), "nanhai": gettext("南海诸岛"),
    }


def area_name(county_name: str, prefecture: Prefecture) -> str:
    """The province-map feature a county is drawn in: its prefecture, or itself under a grouping row."""
    name = county_name if prefecture.is_grouping else prefecture.name
    return FEATURE_ALIASES.get(name, name)


def _value(row: dict, metric: str):
    if metric == "share":
        return None if row["eligible_share"] is None else round(row["eligible_share"] * 100, 1)
    return None if row["mean_index"] is None else round(row["mean_index"], 2)


def national_data(run, metric: str = "mean") -> dict:
    """Every province-level unit of the map, each with a value or ``no_data`` (drawn in the "无数据" fill):
    provinces without evaluated counties (e.g. 北京, whose units are all districts) and the units outside
    the platform's monitoring (台湾, 香港, 澳门) are listed too, so no feature is left blank."""
    from innocounty.regions.models import Province

    rows = {r["province_code"]: r for r in province_summary(run)}
    areas = []
    for province in Province.objects.order_by("code"):
        r = rows.get(province.code)
        value = _value(r, metric) if r else None
        areas.append({"name": province.short_name, "code": province.code, "full_name": province.name,
                      "value": value, "mean_index": r["mean_index"] if r else None,
                      "eligible_share": r["eligible_share"] if r else None, "counties": r["counties"] if r else 0,
                      "eligible": r["eligible"] if r else 0, "on_map": True, "no_data": value is None,
                      "monitored": True})  # fmt: skip
    for name, full_name in NOT_MONITORED.items():
        areas.append({"name": name, "code": "", "full_name": str(full_name), "value": None, "mean_index": None,
                      "eligible_share": None, "counties": 0, "eligible": 0, "on_map": True, "no_data": True,
                      "monitored": False})  # fmt: skip
    return {
        "map": "china", "metric": metric, "metric_label": str(METRICS[metric]), "level": "province",
        "year": run.year, "run_id": run.pk, "synthetic_data": run.synthetic_data, "no_data_color": NO_DATA_COLOR,
        "areas": areas,
    }


def province_data(run, province, metric: str = "mean") -> dict:
    """Areas of the province map: prefectures (mean of their counties) and directly administered counties."""
    areas = []
    grouped = []
    for row in prefecture_summary(run, province.code):
        if row["is_grouping"]:
            grouped.append(row["prefecture_code"])
            continue
        name = FEATURE_ALIASES.get(row["prefecture_name"], row["prefecture_name"])
        areas.append({"name": name, "code": row["prefecture_code"], "kind": "prefecture",
                      "value": _value(row, metric), "mean_index": row["mean_index"],
                      "eligible_share": row["eligible_share"], "counties": row["counties"],
                      "eligible": row["eligible"], "on_map": name not in NO_OUTLINE})
    if grouped:
        for code, name, index, eligible in county_results(
                run, province_id=province.code, prefecture_code__in=grouped).order_by("county_id").values_list(
                "county_id", "county_name", "index_score", "eligible"):
            share = None if eligible is None else (1.0 if eligible else 0.0)
            row = {"mean_index": index, "eligible_share": share}
            areas.append({"name": FEATURE_ALIASES.get(name, name), "code": code, "kind": "county",
                          "value": _value(row, metric), "mean_index": index, "eligible_share": share,
                          "counties": 1, "eligible": int(bool(eligible)), "on_map": name not in NO_OUTLINE})
    return {
        "map": MAP_FILES.get(province.code, ""), "metric": metric, "metric_label": str(METRICS[metric]),
        "level": "prefecture", "province_code": province.code, "province_name": province.name,
        "no_data_color": NO_DATA_COLOR,
        "year": run.year, "run_id": run.pk, "synthetic_data": run.synthetic_data, "areas": areas,
    }


def expected_areas(province_code: str) -> set[str]:
    """Every area name the province map would show for its counties of eligible unit types."""
    return {area_name(c.name, c.prefecture)
            for c in County.objects.eligible().filter(province_id=province_code).select_related("prefecture")}
