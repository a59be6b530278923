"""Hostile and damaged workbooks (issue 8, items 4, 5, 6, 15, 17), shared by the tests and the benchmark.

Every builder returns the bytes of a file an attacker or an unlucky officer could upload. ``keys`` is row 1 of
the data sheet (the template's column keys); the builders that start from a real workbook take its bytes.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"


def plain_workbook(keys: list[str], rows: list[list] | None = None, sheet: str = "数据") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(keys)
    ws.append([f"名称{i}" for i in range(len(keys))])
    ws.append(["单位"] * len(keys))
    for row in rows or []:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rebuild(data: bytes, replace=None, add: dict | None = None) -> bytes:
    """Copy a package, rewriting entries through ``replace(name, content)`` and adding ``add`` entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if replace:
                content = replace(info.filename, content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _sheet_xml(rows_xml: str, dimension: str = "A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def last_column_rows(keys: list[str], count: int = 20_000) -> bytes:
    """The template's header, then ``count`` rows each holding one cell in the last Excel column (XFD)."""
    header = "".join(
        f'<row r="{r}">' + "".join(
            f'<c r="{openpyxl.utils.get_column_letter(i + 1)}{r}" t="inlineStr"><is><t>{k}</t></is></c>'
            for i, k in enumerate(keys)
        ) + "</row>"
        for r in (1, 2, 3)
    )
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(4, 4 + count))
    sheet = _sheet_xml(header + body, f"A1:XFD{3 + count}")
    return rebuild(plain_workbook(keys), replace=lambda name, content: sheet if name == SHEET else content)


def bad_rows(keys: list[str], count: int = 100_000) -> bytes:
    """``count`` rows with an unknown county code and a text in every value column (one error per cell)."""
    row = "".join(f'<c r="{openpyxl.utils.get_column_letter(i + 2)}{{r}}" t="inlineStr"><is><t>x</t></is></c>'
                  for i in range(len(keys) - 1))
    header = "<row r=\"1\">" + "".join(
        f'<c r="{openpyxl.utils.get_column_letter(i + 1)}1" t="inlineStr"><is><t>{k}</t></is></c>'
        for i, k in enumerate(keys)) + "</row>"
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>99{r:04d}</t></is></c>'
                   + row.replace("{r}", str(r)) + "</row>" for r in range(4, 4 + count))
    sheet = _sheet_xml(header + body)
    return rebuild(plain_workbook(keys), replace=lambda name, content: sheet if name == SHEET else content)


def with_doctype(data: bytes, part: str = SHEET) -> bytes:
    """A DOCTYPE with nested entities ("billion laughs") in front of ``part``."""
    doctype = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')

    def replace(name, content):
        if name != part:
            return content
        head, sep, rest = content.partition(b"?>")
        return head + sep + doctype + rest if sep else doctype + content

    return rebuild(data, replace=replace)


def with_external_entity(data: bytes) -> bytes:
    """An undefined (external) entity reference in the sheet, without a DOCTYPE."""
    return rebuild(data, replace=lambda name, content: content.replace(b"<sheetData>", b"<sheetData>&xxe;", 1)
                   if name == SHEET else content)


def truncated_sheet(data: bytes) -> bytes:
    """A valid ZIP whose sheet XML stops half-way."""
    return rebuild(data, replace=lambda name, content: content[: len(content) // 2] if name == SHEET else content)


def truncated_file(data: bytes) -> bytes:
    return data[: len(data) // 2]


def hidden_vba(data: bytes) -> bytes:
    """A VBA project under another name, declared with an upper-case content type."""
    override = (b'<Override PartName="/xl/macros/module1.bin" '
                b'ContentType="APPLICATION/VND.MS-OFFICE.VBAPROJECT"/></Types>')
    return rebuild(data, replace=lambda name, content: content.replace(b"</Types>", override)
                   if name == "[Content_Types].xml" else content, add={"xl/macros/module1.bin": b"\0" * 64})


def with_merged_cells(keys: list[str], rows: list[list], ranges: list[str]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(plain_workbook(keys, rows)))
    for reference in ranges:
        book.active.merge_cells(reference)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
