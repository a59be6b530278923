"""A published run as a Frictionless (Tabular) Data Package: ``datapackage.json`` and CSV files.

Resources (CSV, UTF-8 without BOM, ``,``, header row, missing values empty, booleans ``true``/``false``,
numbers as the shortest round-trip text):

* ``county_results.csv`` — per county: codes, names, province, belt, unit type, screening status, the index and
  every dimension score, national and provincial rank with the number ranked and the 5%/50%/95% rank quantiles
  of the uncertainty analysis (the rank intervals), the eligibility flags and the performance group;
* ``indicator_scores.csv`` — per county and indicator: the normalised score, national and provincial rank, the
  top-quartile, imputed and treated flags (never the raw values: those stay with the county, its province and
  the ministry, :mod:`innocounty.evaluations.visibility`);
* ``framework.csv`` — the framework as the run used it: code, names, level, parent, direction, unit, weight,
  effective weight;
* ``statistical_audit_indicators.csv`` and ``statistical_audit_dimensions.csv`` when the run has an audit.

The descriptor describes every field (name, type, title, description, unit where it has one, constraints),
primary and foreign keys, the licence, the source, the run's method and checksums, and a citation. The package
is built from the immutable stored results, so the same run gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.conf import settings

from innocounty.evaluation.statistical_audit import audit_tables
from innocounty.evaluations.audit_export import report_for
from innocounty.evaluations.queries import county_results, indicator_results, node_weights

PROFILE = "tabular-data-package"
DEFAULT_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                   "path": "https://creativecommons.org/licenses/by/4.0/"}
CODE = {"pattern": "^[0-9]{6}$"}


def license_info() -> dict[str, str]:
    return dict(getattr(settings, "OPEN_DATA_LICENSE", DEFAULT_LICENSE))


def publisher() -> str:
    return str(getattr(settings, "PLATFORM_OPERATOR", "") or "科学技术部")


def _f(name, type_, title, description, unit=None, **extra) -> dict[str, Any]:
    field = {"name": name, "type": type_, "title": title, "description": description}
    if unit:
        field["unit"] = unit
    if extra:
        field.update(extra)
    return field


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value == value else ""
    return str(value)


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def county_fields(dimensions) -> list[dict[str, Any]]:
    return [
        _f("code", "string", "行政区划代码", "County-level division code (GB/T 2260, MCA table)", constraints={**CODE, "required": True, "unique": True}),
        _f("name", "string", "县（市）", "Name of the county-level unit"),
        _f("province_code", "string", "省份代码", "Two-digit province code", constraints={"pattern": "^[0-9]{2}$"}),
        _f("prefecture_code", "string", "地级行政区代码", "Prefecture-level division code", constraints=CODE),
        _f("belt", "string", "区域", "Programme belt: east, central or west", constraints={"enum": ["east", "central", "west"]}),
        _f("unit_type", "string", "类型", "Unit type (县, 县级市, 自治县, 旗, …)"),
        _f("status", "string", "参评状态", "ok, or screened_out when the data coverage was too low", constraints={"enum": ["ok", "screened_out"]}),
        _f("index_score", "number", "综合指数", "Composite index score", "score (0–100)"),
        *[_f(f"score_{d.code}", "number", d.name, f"Score of dimension {d.code}", "score (0–100)") for d in dimensions],
        _f("national_rank", "integer", "全国排名", "Competition rank among all counties ranked (1 = best)", "rank"),
        _f("national_n", "integer", "全国参评数", "Number of counties ranked nationally", "counties"),
        _f("province_rank", "integer", "省内排名", "Competition rank within the province", "rank"),
        _f("province_n", "integer", "省内参评数", "Number of counties ranked in the province", "counties"),
        _f("national_rank_q05", "number", "全国排名 5% 分位", "5% quantile of the national rank over the uncertainty replicates", "rank"),
        _f("national_rank_median", "number", "全国排名中位数", "Median national rank over the replicates", "rank"),
        _f("national_rank_q95", "number", "全国排名 95% 分位", "95% quantile of the national rank over the replicates", "rank"),
        _f("province_rank_q05", "number", "省内排名 5% 分位", "5% quantile of the provincial rank", "rank"),
        _f("province_rank_median", "number", "省内排名中位数", "Median provincial rank", "rank"),
        _f("province_rank_q95", "number", "省内排名 95% 分位", "95% quantile of the provincial rank", "rank"),
        _f("eligible", "boolean", "位居本省前列", "Passes the provisional 'among the province's front rank' rule"),
        _f("composite_pass", "boolean", "综合指数达标", "The index is within the province's cut-off"),
        _f("indicator_pass", "boolean", "指标数达标", "Enough indicators in the province's top quartile"),
        _f("top_indicator_count", "integer", "省内前列指标数", "Indicators in the province's top quartile", "indicators"),
        _f("performance_group", "string", "分档", "Performance group relative to the national mean"),
        _f("performance_ratio", "number", "相对全国均值", "Index as a percentage of the national mean", "%"),
    ]


INDICATOR_FIELDS = [
    _f("county_code", "string", "行政区划代码", "County code (county_results.code)", constraints={**CODE, "required": True}),
    _f("indicator_code", "string", "指标代码", "Indicator code (framework.code)", constraints={"required": True}),
    _f("normalised_score", "number", "标准化得分", "Normalised indicator score (direction applied)", "score"),
    _f("national_rank", "integer", "全国排名", "Rank of the normalised score nationally", "rank"),
    _f("province_rank", "integer", "省内排名", "Rank of the normalised score within the province", "rank"),
    _f("top_quartile", "boolean", "位居省内前列", "Among the province's top quartile on the raw, un-imputed value"),
    _f("imputed", "boolean", "插补", "The value was missing and imputed"),
    _f("treated", "boolean", "异常值处理", "The value was changed by the outlier treatment"),
]

FRAMEWORK_FIELDS = [
    _f("code", "string", "代码", "Node code", constraints={"required": True, "unique": True}),
    _f("name", "string", "名称", "Node name"),
    _f("level", "integer", "层级", "1 = indicator, higher = aggregates; the root is the index"),
    _f("parent", "string", "上级", "Parent node code (empty for the root)"),
    _f("direction", "integer", "方向", "+1: higher is better, −1: lower is better", constraints={"enum": [1, -1]}),
    _f("unit", "string", "单位", "Unit of the raw indicator"),
    _f("weight", "number", "权重", "Weight among its siblings as used by the run"),
    _f("effective_weight", "number", "有效权重", "Product of the normalised weights up to the index"),
]

AUDIT_INDICATOR_TYPES = {"n": "integer", "n_available": "integer", "n_imputed": "integer", "coverage": "number",
                         "skew_before": "number", "kurt_before": "number", "skew_after": "number",
                         "kurt_after": "number", "corr_dimension": "number", "corr_index": "number"}
AUDIT_DIMENSION_TYPES = {"level": "integer", "k": "integer", "n_complete": "integer", "cronbach_alpha": "number",
                         "pc1_share": "number", "corr_index": "number", "flags": "integer"}


def _audit_fields(header: list[str], types: dict[str, str]) -> list[dict[str, Any]]:
    return [{"name": h, "type": types.get(h, "string")} for h in header]


def citation(run, url: str) -> str:
    date = run.published_at.date().isoformat() if run.published_at else ""
    return (f"{publisher()}. {run.year} 年度县（市）创新能力评价结果（评价运行 #{run.pk}，{run.framework.name} "
            f"v{run.framework.version}）[数据集]. 发布于 {date}. {url}")


def build(run, base_url: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """(descriptor, {path: bytes}) for a published run; ``base_url`` is the permanent URL of the package page."""
    nodes = list(node_weights(run))
    dimensions = [n for n in nodes if n.level == 2]
    fields = county_fields(dimensions)
    names = [f["name"] for f in fields]
    rows = []
    for r in county_results(run).order_by("county_id"):
        values = {
            "code": r.county_id, "name": r.county_name, "province_code": r.province_id,
            "prefecture_code": r.prefecture_code, "belt": r.belt, "unit_type": r.unit_type, "status": r.status,
            "index_score": r.index_score, "national_rank": r.national_rank, "national_n": r.national_n,
            "province_rank": r.province_rank, "province_n": r.province_n, "national_rank_q05": r.national_rank_q05,
            "national_rank_median": r.national_rank_median, "national_rank_q95": r.national_rank_q95,
            "province_rank_q05": r.province_rank_q05, "province_rank_median": r.province_rank_median,
            "province_rank_q95": r.province_rank_q95, "eligible": r.eligible, "composite_pass": r.composite_pass,
            "indicator_pass": r.indicator_pass, "top_indicator_count": r.top_indicator_count,
            "performance_group": r.performance_group, "performance_ratio": r.performance_ratio,
            **{f"score_{d.code}": r.dimension_scores.get(d.code) for d in dimensions},
        }
        rows.append([values[n] for n in names])
    files = {"county_results.csv": _csv(names, rows)}
    ind_names = [f["name"] for f in INDICATOR_FIELDS]
    files["indicator_scores.csv"] = _csv(ind_names, indicator_results(run).order_by("county_id", "position")
                                         .values_list("county_id", "indicator_code", "normalised_score",
                                                      "national_rank", "province_rank", "top_quartile", "imputed",
                                                      "treated"))
    files["framework.csv"] = _csv([f["name"] for f in FRAMEWORK_FIELDS], [
        [n.code, n.name, n.level, n.parent_code, n.direction, n.unit, n.weight, n.effective_weight] for n in nodes])
    resources = [
        _resource("county_results", "县（市）评价结果", fields, {"primaryKey": ["code"]}),
        _resource("indicator_scores", "各指标得分与排名", INDICATOR_FIELDS, {
            "primaryKey": ["county_code", "indicator_code"],
            "foreignKeys": [
                {"fields": ["county_code"], "reference": {"resource": "county_results", "fields": ["code"]}},
                {"fields": ["indicator_code"], "reference": {"resource": "framework", "fields": ["code"]}},
            ]}),
        _resource("framework", "指标体系与权重", FRAMEWORK_FIELDS, {"primaryKey": ["code"]}),
    ]
    report = report_for(run)
    if report:
        tables = audit_tables(report)
        for name, types, title in (("indicators", AUDIT_INDICATOR_TYPES, "统计审计：指标分布与相关"),
                                   ("dimensions", AUDIT_DIMENSION_TYPES, "统计审计：维度一致性")):
            header, audit_rows = tables[name]
            files[f"statistical_audit_{name}.csv"] = _csv(header, audit_rows)
            resources.append(_resource(f"statistical_audit_{name}", title, _audit_fields(header, types), {}))
    descriptor = {
        "profile": PROFILE,
        "name": f"innocounty-evaluation-{run.year}-run-{run.pk}",
        "id": base_url,
        "title": f"{run.year} 年度县（市）创新能力评价结果（评价运行 #{run.pk}）",
        "description": ("County innovation capability index of China's Innovative County programme: scores, ranks, "
                        "rank intervals (uncertainty analysis) and eligibility of one published evaluation run. "
                        + ("SYNTHETIC DEMO DATA (模拟数据): generated numbers, not statistics of any county. "
                           if run.synthetic_data else "")),
        "version": "1.0.0",
        "created": run.published_at.isoformat() if run.published_at else None,
        "homepage": base_url,
        "licenses": [license_info()],
        "sources": [{"title": f"{publisher()}：创新型县（市）监测数据（{run.year} 年度）", "path": base_url}],
        "contributors": [{"title": publisher(), "role": "publisher"}],
        "keywords": ["创新型县（市）", "county innovation index", "composite indicator", str(run.year)],
        "citation": citation(run, base_url),
        "innocounty": {
            "run": run.pk, "year": run.year, "framework": {"code": run.framework.code,
                                                            "version": run.framework.version,
                                                            "name": run.framework.name},
            "method": run.method, "applied_rules": run.applied_rules, "replicates": run.replicates,
            "seed": run.seed, "engine_version": run.engine_version, "synthetic_data": run.synthetic_data,
            "checksums": {"input_sha256": run.input_sha256, "config_sha256": run.config_sha256,
                          "result_sha256": run.result_sha256},
            "coverage": run.coverage,
        },
        "resources": resources,
    }
    return descriptor, files


def _resource(name: str, title: str, fields: list[dict[str, Any]], keys: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "path": f"{name}.csv", "title": title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""], **keys}}


def descriptor_bytes(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n").encode("utf-8")


def as_zip(descriptor: dict[str, Any], files: dict[str, bytes], run) -> bytes:
    """The package as a zip (fixed timestamps: the same run gives the same bytes)."""
    stamp = run.published_at or run.finished_at
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second) if stamp else (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in [("datapackage.json", descriptor_bytes(descriptor)), *sorted(files.items())]:
            info = zipfile.ZipInfo(path, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
