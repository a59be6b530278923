"""The columns of a round's data workbook: county identity, unit data (denominators) and indicators.

Shared by the template builder, the upload validator and the CSV export, so the three always agree.
Pure Python: :func:`columns_for_nodes` takes plain node records, :func:`columns_for_framework` reads them
from a :class:`~innocounty.monitoring.models.Framework`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

# The names below stay Chinese here (they head the stored validation reports and the CSV export); they are
# catalogue strings, translated where shown to a reader (the data template: ``template.py``).
COUNTY_CODE = "county_code"
COUNTY_NAME = "county_name"
PREFECTURE = "prefecture"

IDENTITY_COLUMNS = {
    COUNTY_CODE: (gettext_noop("行政区划代码"), gettext_noop("6 位文本")),
    COUNTY_NAME: (gettext_noop("县（市）名称"), ""),
    PREFECTURE: (gettext_noop("所属地级行政区"), ""),
}

# The unit data (per-county context figures) that indicators may name as their denominator.
UNIT_DATA_COLUMNS: dict[str, tuple[str, str]] = {
    "population_10k": (gettext_noop("常住人口"), gettext_noop("万人")),
    "gdp_100m": (gettext_noop("地区生产总值"), gettext_noop("亿元")),
    "enterprises_1k": (gettext_noop("登记在册企业数"), gettext_noop("千家")),
    "employment_10k": (gettext_noop("就业人员"), gettext_noop("万人")),
}
# Always collected, whatever the framework names: the figures most indicators are scaled by.
STANDARD_UNIT_DATA = ("population_10k", "gdp_100m", "enterprises_1k")

PERCENT_UNITS = frozenset({"%", "％"})

# Plausible ranges: a value outside is an error (never a confirmable warning). Indicators carry theirs in the
# framework file (``plausible_min``/``plausible_max``); the unit data's are here. A framework that gives none
# gets 0–100 for a percentage and 0–DEFAULT_MAXIMUM otherwise, so no absurd figure (1e308) is ever stored.
UNIT_DATA_RANGES: dict[str, tuple[float, float]] = {
    "population_10k": (0.01, 2_000.0),  # 100 people … 20 million
    "gdp_100m": (0.01, 100_000.0),  # 1 million … 10 trillion yuan
    "enterprises_1k": (0.001, 5_000.0),
    "employment_10k": (0.01, 2_000.0),
}
DEFAULT_MAXIMUM = 1e12
RANGE_FIELDS = ("plausible_min", "plausible_max")


def parse_bound(value) -> float | None:
    """A range bound from a framework file: a finite number, or None when empty. Raises ValueError on text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class Column:
    """One value column: an indicator (``kind='indicator'``) or a unit-data figure (``kind='unit_data'``)."""

    code: str
    name: str
    unit: str
    kind: str
    minimum: float = 0.0
    maximum: float = DEFAULT_MAXIMUM

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() in PERCENT_UNITS

    @property
    def must_be_positive(self) -> bool:
        """Denominators divide: a zero population or GDP is never a true figure."""
        return self.kind == "unit_data"


def unit_data_columns(denominators: Iterable[str]) -> list[Column]:
    """The standard unit-data columns plus any other known denominator the framework names."""
    wanted = list(STANDARD_UNIT_DATA) + [d for d in denominators if d and d not in STANDARD_UNIT_DATA]
    seen: list[str] = []
    for code in wanted:
        if code in UNIT_DATA_COLUMNS and code not in seen:
            seen.append(code)
    return [Column(code, *UNIT_DATA_COLUMNS[code], kind="unit_data", minimum=UNIT_DATA_RANGES[code][0],
                   maximum=UNIT_DATA_RANGES[code][1]) for code in seen]


def indicator_range(record: dict) -> tuple[float, float]:
    """The plausible range of an indicator record (its own fields, or ``extra``), or the default by unit."""
    extra = record.get("extra") or {}
    low, high = (parse_bound(record.get(f, extra.get(f))) for f in RANGE_FIELDS)
    percent = str(record.get("unit", "")).strip() in PERCENT_UNITS
    return (0.0 if low is None else low, (100.0 if percent else DEFAULT_MAXIMUM) if high is None else high)


def columns_for_nodes(indicators: Iterable[dict]) -> list[Column]:
    """Unit data first, then the indicators in framework order. Each record has code, name, unit, denominator."""
    indicators = list(indicators)
    unit_data = unit_data_columns(r.get("denominator", "") for r in indicators)
    return unit_data + [Column(r["code"], r["name"], r.get("unit", ""), "indicator", *indicator_range(r))
                        for r in indicators]


def columns_for_framework(framework) -> list[Column]:
    rows = framework.indicator_nodes().values("code", "name", "unit", "denominator", "extra")
    return columns_for_nodes(rows)
