"""Reading an uploaded data workbook into plain rows, and the layout the template and the reader share.

Layout of the data sheet (``数据``; the English template calls it by its catalogue translation, and the
reader accepts the sheet names of every language): row 1 holds the column keys (``county_code``, ``population_10k``,
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
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop, pgettext_lazy
from openpyxl.utils import get_column_letter

from innocounty.monitoring.issues import ERROR, Issue, display_value

DATA_SHEET = "数据"
INSTRUCTIONS_SHEET = "说明"
LAST_YEAR_SHEET = "上年数据"
# The sheet names in the downloader's language (Excel limits a sheet name to 31 characters, no []:*?/\).
SHEET_TITLES = {
    DATA_SHEET: pgettext_lazy("Excel sheet name", "数据"),
    INSTRUCTIONS_SHEET: pgettext_lazy("Excel sheet name", "说明"),
    LAST_YEAR_SHEET: pgettext_lazy("Excel sheet name", "上年数据"),
}
KEY_ROW = 1
NAME_ROW = 2
UNIT_ROW = 3
FIRST_DATA_ROW = 4
UNREADABLE = gettext_noop("无法读取工作簿：%(error)s。请用 Excel 重新保存为 .xlsx 后上传。")


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


def sheet_title(name: str) -> str:
    """The sheet's name in the active language, cut to Excel's limit."""
    return str(SHEET_TITLES[name])[:31] or name


def sheet_names(name: str) -> set[str]:
    """The names a sheet may carry: the Chinese one and its translation in every language of the site."""
    names = {name}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names.add(sheet_title(name))
    return names


def _choose_data_sheet(names: list[str]) -> str | None:
    if DATA_SHEET in names:
        return DATA_SHEET
    data_names = sheet_names(DATA_SHEET)
    for name in names:
        if name in data_names:
            return name
    other_sheets = sheet_names(INSTRUCTIONS_SHEET) | sheet_names(LAST_YEAR_SHEET)
    others = [n for n in names if n not in other_sheets]
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
        content.issues.append(Issue.build(ERROR, "unreadable", UNREADABLE, {"error": type(exc).__name__}))
        return content
    try:
        sheet_name = _choose_data_sheet(book.sheetnames)
        if sheet_name is None:
            content.issues.append(Issue.build(ERROR, "missing_sheet", gettext_noop("找不到工作表“%(sheet)s”。请使用下载的模板填报。"),
                                              {"sheet": DATA_SHEET}))
            return content
        content.sheet = sheet_name
        for name in book.sheetnames:
            _read_sheet(book[name], name, content, is_data=name == sheet_name)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        content.issues.append(Issue.build(ERROR, "unreadable", UNREADABLE, {"error": type(exc).__name__}))
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
                    Issue.build(ERROR, "formula", gettext_noop("单元格含公式。请把公式替换为数值（复制后“选择性粘贴 → 数值”）。"),
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
