"""The Excel template a provincial officer downloads, fills and uploads.

Sheets: ``数据`` (the counties, pre-filled: code as a TEXT cell, name, prefecture; then the unit data and
the indicators, with three header rows — column key, Chinese name, unit — frozen above and to the left of
the values), ``说明`` (the rules) and, when last year's values exist, ``上年数据`` (read only).
Pure: takes plain records, returns bytes. The sheet names, headers and instructions follow the active
language at download time; the column names are the spec's (``queries.display_columns``: unit data
translated, the framework's English indicator names for an English reader). Row 1's column keys never change: the reader matches them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from innocounty.monitoring.columns import COUNTY_CODE, COUNTY_NAME, IDENTITY_COLUMNS, PREFECTURE, Column
from innocounty.monitoring.workbook import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    LAST_YEAR_SHEET,
    NAME_ROW,
    UNIT_ROW,
    sheet_title,
)

KEY_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
UNIT_DATA_FILL = PatternFill("solid", fgColor="FFF2CC")
IDENTITY_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


@dataclass(frozen=True)
class TemplateCounty:
    code: str
    name: str
    prefecture: str


@dataclass(frozen=True)
class TemplateSpec:
    year: int
    province_name: str
    framework_name: str
    deadline: str
    columns: list[Column]
    counties: list[TemplateCounty]
    previous_year: int | None = None
    previous: dict[tuple[str, str], float] | None = None  # (county, column) → value
    change_factor: float | None = 3.0


def build_template(spec: TemplateSpec) -> bytes:
    book = Workbook()
    data = book.active
    data.title = sheet_title(DATA_SHEET)
    _write_data_sheet(data, spec)
    _write_instructions(book.create_sheet(sheet_title(INSTRUCTIONS_SHEET)), spec)
    if spec.previous:
        _write_previous(book.create_sheet(sheet_title(LAST_YEAR_SHEET)), spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _unit(col: Column) -> str:
    return col.unit or _("无")


def _column_title(col: Column) -> str:
    if not col.unit:
        return f"{col.code} {col.name}"
    return _("%(code)s %(name)s（%(unit)s）") % {"code": col.code, "name": col.name, "unit": col.unit}


def _header(sheet, column: int, key: str, name: str, unit: str, fill: PatternFill) -> None:
    key_cell = sheet.cell(KEY_ROW, column, key)
    key_cell.fill = KEY_FILL
    key_cell.font = Font(color="595959", size=9)
    name_cell = sheet.cell(NAME_ROW, column, name)
    name_cell.font = BOLD
    name_cell.fill = fill
    name_cell.alignment = WRAP
    unit_cell = sheet.cell(UNIT_ROW, column, unit)
    unit_cell.fill = fill
    unit_cell.alignment = WRAP


def _write_data_sheet(sheet, spec: TemplateSpec) -> None:
    identity = [COUNTY_CODE, COUNTY_NAME, PREFECTURE]
    for index, key in enumerate(identity, start=1):
        name, unit = IDENTITY_COLUMNS[key]
        _header(sheet, index, key, _(name), _(unit) if unit else "", IDENTITY_FILL)
    first_value_column = len(identity) + 1
    for offset, col in enumerate(spec.columns):
        index = first_value_column + offset
        fill = UNIT_DATA_FILL if col.kind == "unit_data" else HEADER_FILL
        _header(sheet, index, col.code, col.name, col.unit or "—", fill)
        sheet.cell(NAME_ROW, index).comment = Comment(_column_note(col), "innocounty")
        sheet.column_dimensions[get_column_letter(index)].width = 14
    for row_offset, county in enumerate(spec.counties):
        row = FIRST_DATA_ROW + row_offset
        code_cell = sheet.cell(row, 1, county.code)
        code_cell.number_format = "@"
        code_cell.data_type = "s"
        sheet.cell(row, 2, county.name)
        sheet.cell(row, 3, county.prefecture)
        for col in range(1, 4):
            sheet.cell(row, col).fill = IDENTITY_FILL
        for offset in range(len(spec.columns)):
            sheet.cell(row, first_value_column + offset).number_format = "General"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 16
    sheet.row_dimensions[NAME_ROW].height = 60
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, first_value_column)
    _add_validations(sheet, spec, first_value_column)


def _add_validations(sheet, spec: TemplateSpec, first_value_column: int) -> None:
    last_row = FIRST_DATA_ROW + max(len(spec.counties), 1) - 1 + 50
    for offset, col in enumerate(spec.columns):
        letter = get_column_letter(first_value_column + offset)
        area = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        low, high = _fmt_bound(col.minimum), _fmt_bound(col.maximum)
        operator = "between"
        if col.must_be_positive and col.minimum <= 0:
            operator, low = "greaterThan", "0"
        rule = DataValidation(type="decimal", operator=operator, formula1=low,
                              formula2=high if operator == "between" else None, allow_blank=True)
        if col.is_percent:
            rule.error = _("百分比须在 %(min)s 到 %(max)s 之间（填 2.5 表示 2.5%%）") % {"min": low, "max": high}
        elif col.must_be_positive:
            rule.error = _("须为大于 0 且不超过 %(max)s 的数值；没有数据请留空") % {"max": high}
        else:
            rule.error = _("须在合理范围 %(min)s 到 %(max)s 之间；没有数据请留空") % {"min": low, "max": high}
        rule.errorTitle = _("数值不符合要求")
        rule.showErrorMessage = True
        rule.prompt = _("%(name)s，单位：%(unit)s") % {"name": col.name, "unit": _unit(col)}
        rule.promptTitle = col.code
        rule.showInputMessage = True
        sheet.add_data_validation(rule)
        rule.add(area)


def _fmt_bound(number: float) -> str:
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e15 else f"{number:g}"


def _column_note(col: Column) -> str:
    lines = [f"{col.code} {col.name}", _("单位：%(unit)s") % {"unit": _unit(col)},
             _("合理范围：%(min)s–%(max)s，超出会被拒收") % {"min": _fmt_bound(col.minimum), "max": _fmt_bound(col.maximum)}]
    if col.is_percent:
        lines.append(_("填写 0–100 之间的数值，不带 % 号"))
    if col.kind == "unit_data":
        lines.append(_("单位数据（作分母），须大于 0"))
    else:
        lines.append(_("不能为负数；没有数据请留空"))
    return "\n".join(lines)


INSTRUCTIONS = [
    gettext_lazy("填报规则"),
    gettext_lazy("1. 请在“数据”工作表中每个县（市）一行填报，行政区划代码（A 列）已预先填好，请勿修改；不要增加本省以外的县（市）。"),
    gettext_lazy("2. 第 1 行灰色的列代码（如 I01、population_10k）用于识别各列，请勿修改或删除；可以调整列的顺序。第 2、3 行为指标名称和单位。"),
    gettext_lazy("3. 只填写数值（阿拉伯数字），不要填写单位、文字、公式或“-”；没有数据的单元格请留空，不要填 0。"),
    gettext_lazy("4. 所有指标和单位数据均不能为负数；单位为 % 的指标填写 0–100 之间的数值（如 2.5 表示 2.5%），不要带 % 号。"),
    gettext_lazy("5. 黄色的单位数据列（常住人口、地区生产总值、登记在册企业数）用作指标的分母，须大于 0。常住人口请填常住人口而非户籍人口。"),
    gettext_lazy("6. 请勿使用公式：含公式的单元格会被拒收。如从其他表格复制，请使用“选择性粘贴 → 数值”。"),
    gettext_lazy("7. 请保存为“Excel 工作簿（*.xlsx）”格式上传；启用宏的文件（.xlsm）、旧版 .xls 文件和其他格式会被拒收。"),
    gettext_lazy("8. 上传时系统会一次列出全部问题（工作表、行、列、单元格值和规则）；只要有一个错误，整个文件都不会导入，修改后重新上传即可。"),
    gettext_lazy("9. 与上年相比变化超过规定倍数的数值会给出警告，请核实；确认无误后在页面上确认即可导入。"),
    gettext_lazy("10. 全部数据导入后，请在页面上点击“提交”报送科技部；提交后不能再修改，如被退回可修改后重新提交；科技部接收后数据锁定。"),
    gettext_lazy("11. 每一列都有合理范围（见列标题的批注），超出范围的数值会被拒收，请核对单位（如元与万元）和小数点。"),
    gettext_lazy("12. 请勿合并单元格；空白单元格会清空已上传的数值，系统会列出将被清空的数值，确认后才导入。"),
]


def _write_instructions(sheet, spec: TemplateSpec) -> None:
    sheet.column_dimensions["A"].width = 110
    sheet["A1"] = _("%(province)s %(year)d 年度县（市）创新能力监测数据填报模板") % {
        "province": spec.province_name, "year": spec.year,
    }
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("指标体系：%(framework)s；截止日期：%(deadline)s") % {
        "framework": spec.framework_name, "deadline": spec.deadline,
    }
    row = 4
    for line in INSTRUCTIONS:
        sheet.cell(row, 1, str(line)).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    if spec.change_factor:
        sheet.cell(row, 1, _("（本轮的变化警告倍数为 %(factor)s 倍：数值大于上年的 %(factor)s 倍"
                             "或小于上年的 1/%(factor)s 时提示核实。）") % {"factor": f"{spec.change_factor:g}"})
        row += 1
    row += 1
    sheet.cell(row, 1, _("各列说明")).font = BOLD
    row += 1
    for col in spec.columns:
        kind = _("单位数据（分母）") if col.kind == "unit_data" else _("指标")
        sheet.cell(row, 1, _("%(code)s　%(name)s　单位：%(unit)s　（%(kind)s）") % {
            "code": col.code, "name": col.name, "unit": _unit(col), "kind": kind,
        })
        row += 1
    sheet.protection.sheet = True
    sheet.protection.enable()


def reference_value(value: float) -> float:
    """Last year's value for reading: six significant digits (78.3791946561628 → 78.3792, 3235.0 → 3235),
    enough for any indicator's precision and free of binary noise."""
    rounded = float(f"{value:.6g}")
    return int(rounded) if rounded.is_integer() else rounded


def _write_previous(sheet, spec: TemplateSpec) -> None:
    sheet["A1"] = _("%(year)s 年已接收数据（仅供参考，不会被导入）") % {"year": spec.previous_year}
    sheet["A1"].font = BOLD
    headers = [_(IDENTITY_COLUMNS[COUNTY_CODE][0]), _(IDENTITY_COLUMNS[COUNTY_NAME][0])] + [
        _column_title(c) for c in spec.columns
    ]
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(2, index, text)
        cell.font = BOLD
        cell.alignment = WRAP
        cell.fill = HEADER_FILL
    previous = spec.previous or {}
    for row_offset, county in enumerate(spec.counties):
        row = 3 + row_offset
        sheet.cell(row, 1, county.code).number_format = "@"
        sheet.cell(row, 2, county.name)
        for offset, col in enumerate(spec.columns):
            value = previous.get((county.code, col.code))
            if value is not None:
                sheet.cell(row, 3 + offset, reference_value(value))
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 18
    sheet.protection.sheet = True
