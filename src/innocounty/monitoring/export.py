"""CSV export of a round's data, safe to open in Excel.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by spreadsheet programs (CSV/formula injection); such cells get a leading single quote. Genuine
numbers (``-3.5``) are written as they are. The file is UTF-8 with a byte-order mark so Excel reads the
Chinese names correctly.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.models import DataRound, IndicatorValue
from innocounty.regions.models import County

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
BOM = "\ufeff"


def escape_cell(value) -> str:
    """The cell as CSV text, neutralised against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not NUMBER.match(text):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def round_table(data_round: DataRound, province_code: str | None = None) -> tuple[list[str], list[list]]:
    """Header and rows (one per county with data) of the round, for one province or the nation."""
    columns = columns_for_framework(data_round.framework)
    values = IndicatorValue.objects.filter(data_round=data_round)
    counties = County.objects.select_related("province", "prefecture")
    if province_code is not None:
        values = values.filter(county__province_id=province_code)
        counties = counties.filter(province_id=province_code)
    by_county: dict[str, dict[str, float | None]] = {}
    for county, code, value in values.values_list("county_id", "code", "value"):
        by_county.setdefault(county, {})[code] = value
    header = ["省份代码", "省份", "行政区划代码", "县（市）名称", "所属地级行政区"] + [
        f"{c.code} {c.name}（{c.unit}）" if c.unit else f"{c.code} {c.name}" for c in columns
    ]
    rows = []
    for county in counties.filter(code__in=list(by_county)).order_by("code"):
        data = by_county[county.code]
        rows.append(
            [county.province_id, county.province.name, county.code, county.name, county.prefecture.name]
            + [data.get(c.code) for c in columns]
        )
    return header, rows


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text, line by line (for a streaming response), starting with the byte-order mark."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([escape_cell(v) for v in row])
