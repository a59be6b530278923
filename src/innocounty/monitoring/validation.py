"""The validation rules for an uploaded data workbook. Pure: no database, no HTTP.

:func:`validate_workbook` checks every cell and returns a :class:`ValidationReport` listing every problem at
once — sheet, Excel row, column letter and header, the cell's value and the rule broken, in Chinese (each
message also keeps its catalogue text and parameters, see :mod:`innocounty.monitoring.issues`). Errors
block the import (all or nothing); warnings (a value that changed by more than a factor from last year,
ignored extra columns) need the uploader's explicit confirmation.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl.utils import column_index_from_string

from innocounty.monitoring.columns import COUNTY_CODE, IDENTITY_COLUMNS, Column
from innocounty.monitoring.issues import ERROR, WARNING, Issue, ValidationReport, display_value
from innocounty.monitoring.workbook import KEY_ROW, WorkbookContent, column_letter

NUMBER_PATTERN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
THOUSANDS_PATTERN = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class CountyRef:
    code: str
    name: str
    province_code: str


@dataclass
class ValidationContext:
    """What the rules need to know, gathered once from the database (see ``uploads.build_context``)."""

    columns: list[Column]
    counties: dict[str, CountyRef]
    provinces: dict[str, str]  # the provinces this upload may contain: code → name
    province_names: dict[str, str] = field(default_factory=dict)  # all provinces, for messages
    previous: dict[tuple[str, str], float] = field(default_factory=dict)  # (county, column) → last year's value
    previous_year: int | None = None
    change_factor: float | None = 3.0


class NotANumber(ValueError):
    pass


def parse_number(value: Any) -> float | None:
    """A cell's value as a float; None when empty. Raises NotANumber for text, dates, booleans, NaN."""
    if value is None:
        return None
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise NotANumber(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "")
        if text == "":
            return None
        if THOUSANDS_PATTERN.match(text):
            text = text.replace(",", "")
        if not NUMBER_PATTERN.match(text):
            raise NotANumber(value)
        number = float(text)
    if not math.isfinite(number):
        raise NotANumber(value)
    return number


def normalise_county_code(value: Any) -> str:
    """The code as text: Excel may have turned the TEXT cell into a number (130123 or 130123.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value).strip()


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else f"{number:.6g}"


def _times(ratio: float) -> str:
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}".removesuffix(".0")


def cell_problem(col: Column, value: float) -> tuple[str, str, dict | None] | None:
    """(rule, template, params) when a parsed value breaks a column's own rules (sign, 0–100, range)."""
    if value < 0:
        return "negative", gettext_noop("该指标不能为负数。"), None
    if col.must_be_positive and value == 0:
        return "not_positive", gettext_noop("%(name)s用作分母，必须大于 0；没有数据请留空。"), {"name": col.name}
    if col.is_percent and value > 100:
        return "percent_range", gettext_noop("百分比须在 0 到 100 之间（单位为 %，填 2.5 表示 2.5%）。"), None
    if not col.minimum <= value <= col.maximum:
        return ("out_of_range",
                gettext_noop("数值 %(value)s 超出%(name)s的合理范围 %(min)s–%(max)s%(unit)s。请核对单位（如元与万元）和小数点后重新填写。"),
                {"value": _fmt(value), "name": col.name, "min": _fmt(col.minimum), "max": _fmt(col.maximum),
                 "unit": f"（{col.unit}）" if col.unit else ""})
    return None


class _Checker:
    def __init__(self, content: WorkbookContent, context: ValidationContext):
        self.content = content
        self.context = context
        self.report = ValidationReport(sheet=content.sheet)
        self.report.issues.extend(content.issues)
        self.county = ""  # the county of the row being checked, named in its issues
        self.headers: dict[str, str] = {COUNTY_CODE: IDENTITY_COLUMNS[COUNTY_CODE][0]}
        for col in context.columns:
            self.headers[col.code] = f"{col.code} {col.name}（{col.unit}）" if col.unit else f"{col.code} {col.name}"

    def issue(self, severity: str, rule: str, template: str, params: dict | None = None, row: int | None = None,
              index: int | None = None, key: str = "", value: Any = None) -> None:
        """Record a problem; ``template`` is a catalogue text (``gettext_noop``) with %(name)s ``params``."""
        self.report.issues.append(
            Issue.build(severity, rule, template, params, sheet=self.content.sheet, row=row,
                        column=column_letter(index) if index is not None else "",
                        header=self.headers.get(key, key), value=display_value(value),
                        county=self.county if row is not None else "")
        )

    # -- header ----------------------------------------------------------------------------------
    def locate_columns(self) -> dict[str, int] | None:
        positions: dict[str, int] = {}
        wanted = {COUNTY_CODE, *(c.code for c in self.context.columns)}
        for index, key in enumerate(self.content.keys):
            if not key:
                continue
            if key in positions and key in wanted:
                first = column_letter(positions[key])
                self.issue(ERROR, "duplicate_column", gettext_noop("列“%(key)s”重复出现（首次出现在 %(first)s 列）。"),
                           {"key": key, "first": first}, row=KEY_ROW, index=index, key=key, value=key)
                continue
            if key in wanted:
                positions[key] = index
            elif key not in IDENTITY_COLUMNS:
                self.issue(WARNING, "unknown_column", gettext_noop("该列不属于本轮指标体系，导入时将被忽略。"),
                           row=KEY_ROW, index=index, key=key, value=key)
        for key in (COUNTY_CODE, *(c.code for c in self.context.columns)):
            if key not in positions:
                self.issue(ERROR, "missing_column",
                           gettext_noop("缺少列“%(header)s”。第 %(row)d 行须保留模板中的列代码（如 %(key)s），请勿修改或删除。"),
                           {"header": self.headers[key], "row": KEY_ROW, "key": key}, row=KEY_ROW, key=key)
        return positions if COUNTY_CODE in positions else None

    # -- rows ------------------------------------------------------------------------------------
    def check_rows(self, positions: dict[str, int]) -> None:
        seen: dict[str, int] = {}
        code_index = positions[COUNTY_CODE]
        for row in self.content.rows:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values):
                continue
            raw_code = row.values[code_index] if code_index < len(row.values) else None
            code = normalise_county_code(raw_code)
            known = self.context.counties.get(code)
            self.county = f"{known.name}（{code}）" if known is not None else ""
            county = self.check_county(row.number, code_index, code, raw_code, seen)
            values = self.check_values(row, positions, code)
            if county is not None and values is not None:
                self.report.rows[code] = values
                self.report.row_numbers[code] = row.number
        self.county = ""
        if not seen and not self.report.errors:
            self.issue(ERROR, "no_rows", gettext_noop("数据工作表中没有任何县（市）数据行。"))

    def check_county(self, number: int, index: int, code: str, raw: Any, seen: dict[str, int]) -> CountyRef | None:
        if not code:
            self.issue(ERROR, "missing_county_code", gettext_noop("该行有数据但没有填写行政区划代码。"), None,
                       number, index, COUNTY_CODE, raw)
            return None
        county = self.context.counties.get(code)
        if county is None:
            self.issue(ERROR, "unknown_county",
                       gettext_noop("行政区划代码“%(code)s”不存在（应为 6 位数字的现行县级区划代码）。"), {"code": code},
                       number, index, COUNTY_CODE, raw)
            return None
        if county.province_code not in self.context.provinces:
            other = self.context.province_names.get(county.province_code, county.province_code)
            allowed = "、".join(self.context.provinces.values())
            self.issue(ERROR, "other_province",
                       gettext_noop("%(county)s属于%(province)s，不属于%(allowed)s，不能在本文件中填报。"),
                       {"county": county.name, "province": other, "allowed": allowed}, number, index, COUNTY_CODE, raw)
            return None
        if code in seen:
            self.issue(ERROR, "duplicate_row", gettext_noop("%(county)s（%(code)s）重复出现，已在第 %(row)d 行填报。"),
                       {"county": county.name, "code": code, "row": seen[code]}, number, index, COUNTY_CODE, raw)
            return None
        seen[code] = number
        return county

    def check_values(self, row, positions: dict[str, int], county_code: str) -> dict[str, float | None] | None:
        values: dict[str, float | None] = {}
        ok = True
        for col in self.context.columns:
            index = positions.get(col.code)
            if index is None:
                ok = False
                continue
            raw = row.values[index] if index < len(row.values) else None
            problem = self.check_cell(row.number, index, col, raw, county_code)
            if problem is False:
                ok = False
            else:
                values[col.code] = problem
        return values if ok else None

    def check_cell(self, number: int, index: int, col: Column, raw: Any, county_code: str):
        """The parsed value (float or None), or False when the cell breaks a rule (the issue is recorded)."""
        try:
            value = parse_number(raw)
        except NotANumber:
            if str(raw).strip().endswith(("%", "％")):
                template = gettext_noop("不是数值：请去掉百分号，直接填写数值（如 2.5 表示 2.5%）。")
            else:
                template = gettext_noop("不是数值：只能填写数字；没有数据请留空，不要填写“-”“无”等文字。")
            self.issue(ERROR, "not_numeric", template, None, number, index, col.code, raw)
            return False
        if value is None:
            return None
        problem = cell_problem(col, value)
        if problem is not None:
            self.issue(ERROR, *problem, number, index, col.code, raw)
            return False
        self.check_change(number, index, col, value, raw, county_code)
        return value

    def check_change(self, number: int, index: int, col: Column, value: float, raw: Any, county_code: str) -> None:
        factor = self.context.change_factor
        previous = self.context.previous.get((county_code, col.code))
        if not factor or previous is None or previous <= 0 or value <= 0:
            return
        ratio = value / previous
        if ratio > factor or ratio < 1 / factor:
            params = {"previous": _fmt(previous), "times": _times(ratio if ratio > 1 else 1 / ratio),
                      "factor": f"{factor:g}", "year": self.context.previous_year or 0}
            if self.context.previous_year:
                template = gettext_noop("数值为%(year)d 年（%(previous)s）的 %(times)s 倍，变化超过 %(factor)s 倍，请核实后确认。") \
                    if ratio > 1 else \
                    gettext_noop("数值仅为%(year)d 年（%(previous)s）的 1/%(times)s，变化超过 %(factor)s 倍，请核实后确认。")
            else:
                template = gettext_noop("数值为上年（%(previous)s）的 %(times)s 倍，变化超过 %(factor)s 倍，请核实后确认。") \
                    if ratio > 1 else \
                    gettext_noop("数值仅为上年（%(previous)s）的 1/%(times)s，变化超过 %(factor)s 倍，请核实后确认。")
            self.issue(WARNING, "large_change", template, params, number, index, col.code, raw)


def validate_workbook(content: WorkbookContent, context: ValidationContext) -> ValidationReport:
    """Apply every rule; the report's ``rows`` holds the parsed values when there is no error."""
    checker = _Checker(content, context)
    if content.sheet:
        positions = checker.locate_columns()
        if positions is not None:
            checker.check_rows(positions)
    if checker.report.errors:
        checker.report.rows = {}
    checker.report.issues = [
        replace(i, header=checker.headers.get(i.header, i.header)) if i.rule == "formula" else i
        for i in checker.report.issues
    ]
    checker.report.issues.sort(key=lambda i: (i.sheet != content.sheet, i.sheet, i.row or 0,
                                               column_index_from_string(i.column) if i.column else 0))
    return checker.report
