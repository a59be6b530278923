"""File-level checks before a workbook is opened: size, real xlsx (not just the extension), no macros.

An xlsx file is a ZIP package whose ``[Content_Types].xml`` declares the workbook part as
``…spreadsheetml.sheet.main+xml``. Anything else — a renamed CSV, an old .xls (OLE), a macro-enabled
.xlsm (``…macroEnabled.main+xml``, ``vbaProject.bin``), a template (.xltx) — is refused here with a message
a provincial officer can act on. ZIP bombs are refused by the declared uncompressed size.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from django.utils.translation import gettext_noop

from innocounty.monitoring.issues import Issue

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_CONTENT_TYPES = (
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
CONTENT_TYPES_LIMIT = 1024 * 1024


def _refusal(rule: str, template: str, value: str = "", params: dict | None = None) -> list[Issue]:
    """``template`` is a catalogue text (``gettext_noop``), stored in Chinese and shown translated."""
    return [Issue.build("error", rule, template, params, value=value)]


def check_upload_file(filename: str, data: bytes, max_bytes: int, size: int | None = None) -> list[Issue]:
    """Problems that refuse the file outright (empty list when the file may be opened as a workbook).

    ``size`` is the declared size when only the first ``max_bytes + 1`` bytes were read."""
    size = max(len(data), size or 0)
    if size > max_bytes:
        return _refusal(
            "file_too_large",
            gettext_noop("文件大小 %(size).1f MiB，超过上限 %(limit).1f MiB。请删除多余的工作表、图片或格式后重试。"),
            filename, {"size": size / 1048576, "limit": max_bytes / 1048576},
        )
    if size == 0:
        return _refusal("not_xlsx", gettext_noop("文件为空。"), filename)
    lower = filename.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        return _refusal("macro_enabled", gettext_noop("不接受启用宏的文件（.xlsm 等）。请另存为“Excel 工作簿（*.xlsx）”。"), filename)
    if not lower.endswith(".xlsx"):
        return _refusal("not_xlsx", gettext_noop("只接受 Excel 工作簿（.xlsx）文件，请使用下载的模板。"), filename)
    if data.startswith(OLE_MAGIC):
        return _refusal("not_xlsx", gettext_noop("这是旧版 Excel 97-2003（.xls）文件或加密文件，请另存为“Excel 工作簿（*.xlsx）”。"), filename)
    if not data.startswith(ZIP_MAGIC):
        return _refusal("not_xlsx", gettext_noop("文件扩展名为 .xlsx，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）。"), filename)
    return _check_package(filename, data)


def _check_package(filename: str, data: bytes) -> list[Issue]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
                return _refusal("not_xlsx", gettext_noop("文件解压后过大或结构异常，已拒收。"), filename)
            names = {e.filename.lower(): e for e in entries}
            if any(name.endswith("vbaproject.bin") for name in names):
                return _refusal("macro_enabled", gettext_noop("文件包含宏（VBA 工程），已拒收。请另存为“Excel 工作簿（*.xlsx）”。"), filename)
            info = names.get("[content_types].xml")
            if info is None or info.file_size > CONTENT_TYPES_LIMIT:
                return _refusal("not_xlsx", gettext_noop("文件扩展名为 .xlsx，但内容不是 Excel 工作簿（缺少内容类型声明）。"), filename)
            content_types = package.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError):
        return _refusal("not_xlsx", gettext_noop("文件已损坏或不是 Excel 工作簿（.xlsx）。"), filename)
    try:
        root = ET.fromstring(content_types)
    except ET.ParseError:
        return _refusal("not_xlsx", gettext_noop("文件的内容类型声明无法解析，不是有效的 Excel 工作簿。"), filename)
    declared = {el.get("ContentType", "") for el in root}
    if any(ct in declared for ct in MACRO_CONTENT_TYPES):
        return _refusal("macro_enabled", gettext_noop("文件为启用宏的工作簿，已拒收。请另存为“Excel 工作簿（*.xlsx）”。"), filename)
    if XLSX_MAIN not in declared:
        return _refusal(
            "not_xlsx", gettext_noop("文件不是普通 Excel 工作簿（.xlsx）（可能是模板、加载项或其他 Office 文件）。"), filename
        )
    return []
