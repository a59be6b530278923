"""Building the engine's input for a run from the database: the framework tree of a monitoring
:class:`~innocounty.monitoring.models.Framework` version and the wide unit-data table of a year's
:class:`~innocounty.monitoring.models.IndicatorValue` rows.

The table has one row per county (ordered by code) with ``code``, ``name``, ``province`` (the 2-digit
province code, the engine's ``group_by`` column), the framework's denominator columns and one column per
indicator. Counties enter when they have at least one value in scope: the accepted provinces of the year's
data round, or every imported value for a trial or demo run (``DataScope.ALL``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from innocounty.evaluation.framework import Framework as EngineFramework
from innocounty.evaluations.models import DataScope
from innocounty.monitoring.models import (
    DataRound,
    Framework,
    IndicatorValue,
    SubmissionState,
    Upload,
)
from innocounty.regions.models import County

# The source label of the demo's synthetic values (the name of their Upload); runs on them say so.
SYNTHETIC_SOURCE = "模拟数据（演示）"


class RunInputError(Exception):
    """The run cannot start: no round, no data in scope, an invalid framework. The message is Chinese."""


@dataclass(frozen=True)
class CountyInfo:
    code: str
    name: str
    province: str
    prefecture: str
    belt: str
    unit_type: str


@dataclass
class RunInput:
    year: int
    framework: EngineFramework
    frame: pd.DataFrame
    counties: dict[str, CountyInfo]
    data_round: DataRound | None
    synthetic: bool
    not_valid: list[str] = field(default_factory=list)   # counties with values but not valid that year (left out)


def engine_framework(framework: Framework) -> EngineFramework:
    """The engine's validated tree for a stored framework version (same fields as its source file)."""
    nodes = list(framework.nodes.select_related("parent").order_by("position"))
    records = []
    for node in nodes:
        record = {
            "code": node.code, "name": node.name, "name_en": node.name_en, "level": node.level,
            "parent": node.parent.code if node.parent_id else "", "weight": node.weight,
            "direction": node.direction if node.level == 1 else "", "unit": node.unit,
            "denominator": node.denominator, "type": "Indicator" if node.level == 1 else "Aggregate",
        }
        for key, value in (node.extra or {}).items():
            record.setdefault(key, value)
        records.append(record)
    try:
        return EngineFramework.from_records(records, source=f"{framework.code} v{framework.version}")
    except Exception as exc:  # FrameworkError lists every problem
        raise RunInputError(f"指标体系 {framework} 无法用于评价：{exc}") from None


def round_for_year(year: int) -> DataRound | None:
    return DataRound.objects.filter(year=year).first()


def _province_codes_in_scope(data_round: DataRound, scope: str) -> list[str] | None:
    """None = every province; otherwise the provinces whose submission the ministry accepted."""
    if scope == DataScope.ALL:
        return None
    return list(
        data_round.submissions.filter(state=SubmissionState.ACCEPTED).values_list("province_id", flat=True)
    )


def build_input(year: int, framework: Framework, scope: str = DataScope.ACCEPTED) -> RunInput:
    """Read the year's values in scope into the engine's wide table. Raises :class:`RunInputError`."""
    fw = engine_framework(framework)
    data_round = round_for_year(year)
    if data_round is None:
        raise RunInputError(f"{year} 年度尚未发起数据填报，没有可评价的数据。")
    provinces = _province_codes_in_scope(data_round, scope)
    if provinces is not None and not provinces:
        raise RunInputError(f"{year} 年度尚无已接收的省级数据；请先接收各省报送的数据。")
    denominators = sorted(set(fw.denominators.values()))
    columns = [*denominators, *fw.indicators]
    values = IndicatorValue.objects.filter(data_round=data_round, code__in=columns)
    if provinces is not None:
        values = values.filter(county__province_id__in=provinces)
    triples = list(values.values_list("county_id", "code", "value"))
    # A year's evaluation uses the units valid that year (regions: valid_from/valid_to); values reported for a
    # unit stay attached to it, so a unit abolished before the year's end is left out of that year's run.
    reported = {c for c, _code, _v in triples}
    valid = set(County.objects.valid_in(year).filter(code__in=reported).values_list("code", flat=True))
    not_valid = sorted(reported - valid)
    triples = [t for t in triples if t[0] in valid]
    if not triples:
        raise RunInputError(f"{year} 年度在所选范围内没有指标数据。")
    county_codes = sorted({c for c, _code, _v in triples})
    position = {c: i for i, c in enumerate(county_codes)}
    column_position = {c: j for j, c in enumerate(columns)}
    matrix = np.full((len(county_codes), len(columns)), np.nan)
    for county, code, value in triples:
        if value is not None:
            matrix[position[county], column_position[code]] = value
    counties = {
        c.code: CountyInfo(c.code, c.name, c.province_id, c.prefecture_id, c.province.belt, c.unit_type)
        for c in County.objects.filter(code__in=county_codes).select_related("province")
    }
    frame = pd.DataFrame(matrix, columns=columns)
    frame.insert(0, "code", county_codes)
    frame.insert(1, "name", [counties[c].name for c in county_codes])
    frame.insert(2, "province", [counties[c].province for c in county_codes])
    synthetic = Upload.objects.filter(data_round=data_round, original_name=SYNTHETIC_SOURCE).exists()
    return RunInput(year, fw, frame, counties, data_round, synthetic, not_valid)
