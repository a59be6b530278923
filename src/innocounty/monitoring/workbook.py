"""Reading an uploaded data workbook into plain rows, and the layout the template and the reader share.

Layout of the data sheet (``数据``; the English template calls it by its catalogue translation, and the
reader accepts the sheet names of every language): row 1 holds the column keys (``county_code``, ``population_10k``,
``I01`` …) that the reader matches columns by — so columns may be moved — row 2 the Chinese names, row 3
the units; county rows start at row 4. The reader opens the file with ``data_only=False`` so that formula
cells are seen as formulas (and refused), never as their cached results.

Reading is bounded by what the template defines (:class:`ReadBounds`): a streaming (read-only) read of the
template's columns plus a margin and of the rows up to the counties in scope plus a margin; no XML part may
be larger than such a sheet can be. Content in the row after the last one read is an error (never dropped
silently); merged cells on the data sheet are refused with their ranges named (only the top-left cell of a
merged range holds a value, so the others would be lost).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop, pgettext_lazy
from openpyxl.utils import get_column_letter, range_boundaries

from innocounty.common.filecheck import OVERSIZE_PART
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
COLUMN_MARGIN = 20  # columns read beyond the template's (notes, moved columns)
ROW_MARGIN = 200  # rows read beyond one per county in scope (blank lines, notes)
BYTES_PER_CELL = 120  # the most a plain cell takes in sheet XML (with style, type and a long number)
MIN_PART_BYTES = 4 * 1024 * 1024
MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([^\"]{1,40})\"")
FILLED_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\br=\"[A-Z]{1,3}(\d{1,7})\"[^>]*?(?<!/)>\s*"
                         rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)\b")
MAX_MERGES_NAMED = 20
# What a damaged package raises inside openpyxl (the file checker refuses such files first; this is the reader's
# own guard). ElementTree's ParseError is a SyntaxError.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, OSError, EOFError, SyntaxError)


@dataclass(frozen=True)
class ReadBounds:
    """How much of a workbook is read: columns and the last row number, and the largest XML part allowed."""

    columns: int = 200
    rows: int = 5000
    part_bytes: int = 64 * 1024 * 1024

    @classmethod
    def for_template(cls, columns: int, counties: int) -> ReadBounds:
        """The template of ``columns`` value columns (identity columns included) for ``counties`` counties."""
        width = columns + COLUMN_MARGIN
        last_row = FIRST_DATA_ROW - 1 + counties + ROW_MARGIN
        return cls(width, last_row, max(MIN_PART_BYTES, width * last_row * BYTES_PER_CELL))


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


def _oversize_part(data: bytes, bounds: ReadBounds) -> Issue | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > bounds.part_bytes:
                    return Issue.build(
                        ERROR, "oversize_part", OVERSIZE_PART,
                        {"part": info.filename, "size": info.file_size / 1048576, "limit": bounds.part_bytes / 1048576},
                    )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Issue.build(ERROR, "unreadable", UNREADABLE, {"error": type(exc).__name__})
    return None


def _sheet_xml(book, sheet) -> bytes:
    """The XML of a read-only sheet (its size is bounded by :func:`_oversize_part`)."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return b""
    with book._archive.open(path) as source:
        return source.read()


def _last_filled_row(xml: bytes) -> int:
    """The largest row number of a cell holding a value, a formula or inline text (0 when none)."""
    return max((int(m) for m in FILLED_CELL.findall(xml)), default=0)


def read_workbook(data: bytes, bounds: ReadBounds | None = None) -> WorkbookContent:
    """Parse the workbook within ``bounds``. Unreadable files, a missing data sheet, formula cells, merged
    cells and content beyond the bounds become issues."""
    bounds = bounds or ReadBounds()
    content = WorkbookContent()
    oversize = _oversize_part(data, bounds)
    if oversize is not None:
        content.issues.append(oversize)
        return content
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except READ_ERRORS as exc:
        content.issues.append(Issue.build(ERROR, "unreadable", UNREADABLE, {"error": type(exc).__name__}))
        return content
    try:
        sheet_name = _choose_data_sheet(book.sheetnames)
        if sheet_name is None:
            content.issues.append(Issue.build(ERROR, "missing_sheet", gettext_noop("找不到工作表“%(sheet)s”。请使用下载的模板填报。"),
                                              {"sheet": DATA_SHEET}))
            return content
        xml = _sheet_xml(book, book[sheet_name])
        merged = sorted((m.decode("ascii", "replace") for m in MERGE_CELL.findall(xml)), key=_position)
        if merged:
            shown = "、".join(merged[:MAX_MERGES_NAMED]) + ("…" if len(merged) > MAX_MERGES_NAMED else "")
            content.issues.append(Issue.build(
                ERROR, "merged_cells",
                gettext_noop("数据工作表含 %(count)d 处合并单元格（%(ranges)s）：合并区域中只有左上角的单元格有值，"
                             "其余数据会丢失。请取消合并并在每个单元格中填写数值后上传。"),
                {"count": len(merged), "ranges": shown}, sheet=sheet_name, column=merged[0].split(":")[0].rstrip("0123456789"),
                row=_row_of(merged[0]), value=merged[0],
            ))
            return content  # no sheet read: the rules see only this issue
        content.sheet = sheet_name
        last = _last_filled_row(xml)
        if last > bounds.rows:
            content.issues.append(Issue.build(
                ERROR, "too_many_rows",
                gettext_noop("第 %(row)d 行仍有内容，但本文件最多只读到第 %(last)d 行（本次填报范围内的县（市）数加 "
                             "%(margin)d 行余量）。请删除多余的行后上传。"),
                {"row": last, "last": bounds.rows, "margin": ROW_MARGIN}, sheet=sheet_name, row=last,
            ))
        for name in book.sheetnames:
            _read_sheet(book[name], name, content, bounds, is_data=name == sheet_name)
    except READ_ERRORS as exc:
        content.issues.append(Issue.build(ERROR, "unreadable", UNREADABLE, {"error": type(exc).__name__}))
    finally:
        book.close()
    return content


def _position(reference: str) -> tuple[int, int]:
    try:
        min_col, min_row, _max_col, _max_row = range_boundaries(reference)
    except (ValueError, TypeError):
        return (0, 0)
    return (min_row or 0, min_col or 0)


def _row_of(reference: str) -> int | None:
    digits = re.search(r"\d+", reference)
    return int(digits.group()) if digits and len(digits.group()) < 8 else None


def _read_sheet(sheet, name: str, content: WorkbookContent, bounds: ReadBounds, is_data: bool) -> None:
    if not hasattr(sheet, "iter_rows"):  # chart sheets
        return
    # Explicit bounds: the stored dimension is not trusted, and nothing outside the bounds is built.
    rows = sheet.iter_rows(min_row=1, max_row=bounds.rows, max_col=bounds.columns)
    for number, cells in enumerate(rows, start=1):
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
