"""Reading an uploaded data workbook into plain rows, and the layout the template and the reader share.

Layout of the data sheet (``数据``): row 1 holds the column keys (``county_code``, ``population_10k``,
``I01`` …) that the reader matches columns by — so columns may be moved — row 2 the Chinese names, row 3
the units; county rows start at row 4. The reader opens the file with ``data_only=False`` so that formula
cells are seen as formulas (and refused), never as their cached results.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from innocounty.monitoring.issues import ERROR, Issue, display_value

DATA_SHEET = "数据"
INSTRUCTIONS_SHEET = "说明"
LAST_YEAR_SHEET = "上年数据"
KEY_ROW = 1
NAME_ROW = 2
UNIT_ROW = 3
FIRST_DATA_ROW = 4


@dataclass
class SheetRow:
    number: int
    values: list[Any]


@dataclass
class WorkbookContent:
    """The data sheet's keys (by column index, 0-based), its rows from FIRST_DATA_ROW on, and formula cells."""

    sheet: str = ""
    keys: list[str] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def column_letter(index: int) -> str:
    """Excel letter of a 0-based column index."""
    return get_column_letter(index + 1)


def _choose_data_sheet(names: list[str]) -> str | None:
    if DATA_SHEET in names:
        return DATA_SHEET
    others = [n for n in names if n not in (INSTRUCTIONS_SHEET, LAST_YEAR_SHEET)]
    return others[0] if others else None


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def read_workbook(data: bytes) -> WorkbookContent:
    """Parse the workbook. Unreadable files, a missing data sheet and formula cells become issues."""
    content = WorkbookContent()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        content.issues.append(Issue(ERROR, "unreadable", f"无法读取工作簿：{type(exc).__name__}。请用 Excel 重新保存为 .xlsx 后上传。"))
        return content
    try:
        sheet_name = _choose_data_sheet(book.sheetnames)
        if sheet_name is None:
            content.issues.append(Issue(ERROR, "missing_sheet", f"找不到工作表“{DATA_SHEET}”。请使用下载的模板填报。"))
            return content
        content.sheet = sheet_name
        for name in book.sheetnames:
            _read_sheet(book[name], name, content, is_data=name == sheet_name)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        content.issues.append(Issue(ERROR, "unreadable", f"无法读取工作簿：{type(exc).__name__}。请用 Excel 重新保存为 .xlsx 后上传。"))
    finally:
        book.close()
    return content


def _read_sheet(sheet, name: str, content: WorkbookContent, is_data: bool) -> None:
    if not hasattr(sheet, "iter_rows"):  # chart sheets
        return
    sheet.reset_dimensions()  # trust the cells, not the stored dimension
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for index, cell in enumerate(cells):
            value = cell.value
            if cell.data_type == "f":
                header = content.keys[index] if is_data and index < len(content.keys) else ""
                content.issues.append(
                    Issue(ERROR, "formula", "单元格含公式。请把公式替换为数值（复制后“选择性粘贴 → 数值”）。",
                          sheet=name, row=number, column=column_letter(index), header=header,
                          value=display_value(value))
                )
                value = None
            values.append(value)
        if not is_data:
            continue
        if number == KEY_ROW:
            content.keys = [_key_text(v) for v in values]
        elif number >= FIRST_DATA_ROW:
            content.rows.append(SheetRow(number, values))
