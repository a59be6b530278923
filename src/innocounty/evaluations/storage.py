"""Turning a computed run into its stored rows, their checksums, and writing them in bulk.

:func:`county_rows`, :func:`indicator_rows` and :func:`node_rows` give plain dicts (attribute → value) for
:class:`CountyResult`, :class:`IndicatorResult` and :class:`RunNodeWeight`. :func:`checksums` hashes them
canonically (rows sorted by key, columns by name; numbers, flags and missing values as float64 bytes,
text and JSON as canonical JSON), so the same inputs, method and seed give the same checksums on any
database. :func:`stored_checksums` recomputes them from the database, which is how a stored run is
verified.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np
import pandas as pd

from innocounty.evaluations.bulk import insert_rows
from innocounty.evaluations.compute import Computed
from innocounty.evaluations.inputs import RunInput
from innocounty.evaluations.models import (
    CountyResult,
    EvaluationRun,
    IndicatorResult,
    RunNodeWeight,
    RunStatisticalAudit,
)
from innocounty.evaluations.reasons import eligibility_reason

COUNTY_FIELDS = [
    f.name for f in CountyResult._meta.concrete_fields if f.name not in ("id", "run", "county", "province")
] + ["county_id", "province_id"]
INDICATOR_FIELDS = [
    f.name for f in IndicatorResult._meta.concrete_fields if f.name not in ("id", "run", "county", "province")
] + ["county_id", "province_id"]
NODE_FIELDS = [f.name for f in RunNodeWeight._meta.concrete_fields if f.name not in ("id", "run")]


def _floats(values) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
            for v in np.asarray(values, dtype=np.float64).tolist()]


def _ints(values) -> list[int | None]:
    return [None if math.isnan(v) else int(v) for v in np.asarray(values, dtype=np.float64).tolist()]


def _flags(series: pd.Series | None, n: int) -> list[bool | None]:
    if series is None:
        return [None] * n
    return [None if v is pd.NA or v is None else bool(v) for v in series.tolist()]


def _column(df: pd.DataFrame | None, name: str, n: int) -> list:
    if df is None or name not in df.columns:
        return [None] * n
    return [None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in df[name].tolist()]


def _group_sizes(ranks: np.ndarray, provinces: list[str]) -> list[int | None]:
    counts: dict[str, int] = {}
    for rank, province in zip(ranks.tolist(), provinces, strict=True):
        if not math.isnan(rank):
            counts[province] = counts.get(province, 0) + 1
    return [counts.get(p) for p in provinces]


def county_rows(computed: Computed, run_input: RunInput) -> list[dict[str, Any]]:
    result = computed.result
    fw = result.framework
    year_result = result.by_year[result.years[-1]]
    codes = [str(c) for c in year_result.codes]
    n = len(codes)
    aggregated = year_result.stages["Aggregated"]
    index = aggregated[fw.root].to_numpy()
    dimensions = {code: _floats(aggregated[code].to_numpy()) for code in fw.aggregates if code != fw.root}
    national = year_result.ranks[fw.root].to_numpy()
    provincial = year_result.group_ranks["province"][fw.root].to_numpy()
    provinces = [run_input.counties[c].province for c in codes]
    scored = int((~np.isnan(index)).sum())
    nat_iv, prov_iv = computed.national_intervals, computed.province_intervals
    elig, groups = computed.eligibility, computed.groups
    rule = computed.applied_rules.get("eligibility")
    columns = {
        "coverage": _floats(year_result.coverage.to_numpy()), "index_score": _floats(index),
        "national_rank": _ints(national), "province_rank": _ints(provincial),
        "province_n": _group_sizes(provincial, provinces),
        "national_rank_q05": _column(nat_iv, "q05", n), "national_rank_q95": _column(nat_iv, "q95", n),
        "national_rank_median": _column(nat_iv, "median", n),
        "province_rank_q05": _column(prov_iv, "q05", n), "province_rank_q95": _column(prov_iv, "q95", n),
        "province_rank_median": _column(prov_iv, "median", n),
        "eligible_share": _floats(computed.eligible_share) if computed.eligible_share is not None else [None] * n,
        "eligible": _flags(elig["eligible"] if elig is not None else None, n),
        "composite_pass": _flags(elig["composite"] if elig is not None else None, n),
        "indicator_pass": _flags(elig["indicators"] if elig is not None else None, n),
        "composite_cutoff": _column(elig, "k", n), "top_indicator_count": _column(elig, "C", n),
        "indicator_min_count": _column(elig, "indicator_min_count", n),
        "top_indicators": _column(elig, "top_indicators", n), "indicators_with_data": _column(elig, "n_with_data", n),
        "performance_group": _column(groups, "relative_class_name", n),
        "performance_group_label": _column(groups, "relative_class", n),
        "performance_ratio": _column(groups, "ratio", n), "fixed_class": _column(groups, "fixed_class", n),
    }
    status = year_result.status.tolist()
    rows = []
    for i, code in enumerate(codes):
        info = run_input.counties[code]
        row = {key: values[i] for key, values in columns.items() if key != "top_indicators"}
        for key in ("composite_cutoff", "top_indicator_count", "indicator_min_count", "indicators_with_data"):
            row[key] = None if row[key] is None else int(row[key])
        for key in ("performance_ratio",):
            row[key] = None if row[key] is None else float(row[key])
        top = columns["top_indicators"][i]
        row.update(
            county_id=code, county_name=info.name, province_id=info.province, prefecture_code=info.prefecture,
            belt=info.belt, unit_type=info.unit_type, status=status[i], national_n=scored,
            dimension_scores={d: values[i] for d, values in dimensions.items()},
            top_quartile_indicators=top.split(";") if top else [],
            performance_group=row["performance_group"] or "", performance_group_label=row["performance_group_label"] or "",
            fixed_class=row["fixed_class"] or "",
            eligibility_reason=eligibility_reason(
                rule, active=status[i] == "ok", rank=row["province_rank"], n_group=row["province_n"],
                cutoff=row["composite_cutoff"], count=row["top_indicator_count"],
                min_count=row["indicator_min_count"]),
        )
        rows.append(row)
    return rows


def indicator_rows(computed: Computed, run_input: RunInput, counties: list[dict[str, Any]]) -> list[dict]:
    result = computed.result
    fw = result.framework
    year_result = result.by_year[result.years[-1]]
    codes = [str(c) for c in year_result.codes]
    stage = year_result.stages
    per_indicator = {}
    for code in fw.indicators:
        per_indicator[code] = (
            _floats(stage["Raw"][code].to_numpy()), _floats(stage["Denominated"][code].to_numpy()),
            _floats(stage["Normalised"][code].to_numpy()), _ints(year_result.ranks[code].to_numpy()),
            _ints(year_result.group_ranks["province"][code].to_numpy()),
            year_result.imputation_flags[code].notna().tolist(), year_result.treatment_flags[code].notna().tolist(),
        )
    rows = []
    for i, county in enumerate(codes):
        top = set(counties[i]["top_quartile_indicators"])
        province = run_input.counties[county].province
        for position, code in enumerate(fw.indicators, start=1):
            raw, den, nrm, nat, prov, imp, trt = per_indicator[code]
            rows.append({
                "county_id": county, "province_id": province, "indicator_code": code, "position": position,
                "raw_value": raw[i], "denominated_value": den[i], "normalised_score": nrm[i],
                "national_rank": nat[i], "province_rank": prov[i], "top_quartile": code in top,
                "imputed": bool(imp[i]), "treated": bool(trt[i]),
            })
    return rows


def node_rows(computed: Computed) -> list[dict[str, Any]]:
    result = computed.result
    fw = result.framework
    return [
        {"position": i, "code": node.code, "name": node.name, "level": node.level, "parent_code": node.parent or "",
         "direction": node.direction if node.level == 1 else 1, "unit": node.unit or "",
         "weight": float(result.weights[node.code]), "effective_weight": float(result.effective_weights[node.code])}
        for i, node in enumerate(fw.node_list, start=1)
    ]


def _column_bytes(values: list) -> bytes:
    """Numbers, booleans and missing as little-endian float64 (None → NaN); anything else as canonical JSON."""
    if all(v is None or isinstance(v, int | float) for v in values):
        return b"f8" + np.asarray(values, dtype="<f8").tobytes()
    return b"js" + json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(rows: list[dict[str, Any]], fields: list[str], key: tuple[str, ...]) -> str:
    """SHA-256 over the columns (field names sorted) of the rows sorted by ``key``; exact for floats."""
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in key))
    h = hashlib.sha256()
    for name in sorted(fields):
        h.update(name.encode() + b"\0" + _column_bytes([row[name] for row in ordered]) + b"\0")
    return h.hexdigest()


def audit_digest(report: dict[str, Any]) -> str:
    """SHA-256 of the statistical audit as canonical JSON (keys sorted, no NaN: undefined values are null)."""
    text = json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checksums(counties: list[dict], indicators: list[dict], nodes: list[dict],
              audit: dict[str, Any] | None = None, scenarios: dict[str, Any] | None = None,
              sensitivity: dict[str, Any] | None = None) -> dict[str, str]:
    """The tables' digests and their combination; ``statistical_audit`` only for runs that stored one (runs
    stored before the audit existed keep their checksums)."""
    parts = {
        "county_results": _digest(counties, COUNTY_FIELDS, ("county_id",)),
        "indicator_results": _digest(indicators, INDICATOR_FIELDS, ("county_id", "indicator_code")),
        "node_weights": _digest(nodes, NODE_FIELDS, ("code",)),
    }
    if audit is not None:
        parts["statistical_audit"] = audit_digest(audit)
    if scenarios:
        parts["scenarios"] = audit_digest(scenarios)
    if sensitivity:
        parts["sensitivity"] = audit_digest(sensitivity)
    combined = hashlib.sha256("".join(parts[k] for k in sorted(parts)).encode()).hexdigest()
    return {**parts, "combined": combined}


def stored_checksums(run: EvaluationRun) -> dict[str, str]:
    """The checksums of the rows as stored (to verify a run against ``run.result_checksums``)."""
    counties = list(CountyResult.objects.filter(run=run).values(*COUNTY_FIELDS))
    indicators = list(IndicatorResult.objects.filter(run=run).values(*INDICATOR_FIELDS))
    nodes = list(RunNodeWeight.objects.filter(run=run).values(*NODE_FIELDS))
    extra = RunStatisticalAudit.objects.filter(run=run).values_list("report", "scenarios", "sensitivity").first()
    return checksums(counties, indicators, nodes, *(extra or (None, None, None)))


def write_rows(run: EvaluationRun, counties: list[dict], indicators: list[dict], nodes: list[dict],
               audit: dict[str, Any] | None = None, scenarios: dict[str, Any] | None = None,
               sensitivity: dict[str, Any] | None = None) -> None:
    """Bulk insert (call inside the transaction that marks the run succeeded)."""
    for model, rows in ((CountyResult, counties), (IndicatorResult, indicators), (RunNodeWeight, nodes)):
        insert_rows(model, ({"run_id": run.pk, **row} for row in rows))
    if audit is not None:
        RunStatisticalAudit.objects.create(run=run, report=audit, scenarios=scenarios or {},
                                           sensitivity=sensitivity or {})
